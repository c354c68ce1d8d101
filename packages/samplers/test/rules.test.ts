import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { Attributes, Context } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { createRuleBasedSampler } from '@otelkit/samplers';
import type { RuleSamplerConfig } from '@otelkit/samplers';
import { SAMPLED, remoteParent, setup, traceIdWith, under } from './helpers/tracing';

// Randomness 0x80... is kept at ratios >= 0.5 only; 0xff... is kept at every ratio > 0.
const MID = traceIdWith('80000000000000');
const HIGH = traceIdWith('ffffffffffffff');

function decide(
  config: RuleSamplerConfig,
  opts: {
    name?: string;
    attributes?: Attributes;
    kind?: SpanKind;
    parent?: Context;
    traceId?: string;
  } = {},
) {
  const sampler = createRuleBasedSampler(config);
  const r = sampler.shouldSample(
    opts.parent ?? ROOT_CONTEXT,
    opts.traceId ?? HIGH,
    opts.name ?? 'span',
    opts.kind ?? SpanKind.SERVER,
    opts.attributes ?? {},
    [],
  );
  return { decision: r.decision, ot: r.traceState?.get('ot') };
}

describe('rule-based sampler', () => {
  const typical: RuleSamplerConfig = {
    rules: [
      { name: 'health', route: '/health*', drop: true },
      { name: 'static', route: '/static/**', drop: true },
      { name: 'payments', route: '/payments/**', ratio: 1 },
      { name: 'search', spanName: 'GET /api/search*', ratio: 0.01 },
    ],
    default: 0.1,
    recordUnsampled: true,
  };

  test.each([
    ['/healthz', 'GET /healthz', SamplingDecision.NOT_RECORD, undefined],
    ['/static/css/site.css', 'GET /static', SamplingDecision.NOT_RECORD, undefined],
    [
      '/payments/42/refund',
      'POST /payments/:id/refund',
      SamplingDecision.RECORD_AND_SAMPLED,
      'th:0',
    ],
    ['/api/search', 'GET /api/search', SamplingDecision.RECORD_AND_SAMPLED, 'th:fd70a'],
    ['/api/orders', 'GET /api/orders', SamplingDecision.RECORD_AND_SAMPLED, 'th:e666'],
  ])('typical config: %s -> decision %p with %p', (path, name, decision, ot) => {
    expect(decide(typical, { name, attributes: { 'url.path': path } })).toEqual({ decision, ot });
  });

  test('dropped by rule means not even recorded; not sampled by ratio is recorded for tail sampling', () => {
    const low = traceIdWith('00000000000001');
    expect(decide(typical, { attributes: { 'url.path': '/healthz' }, traceId: low }).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(
      decide(typical, { attributes: { 'url.path': '/api/orders' }, traceId: low }).decision,
    ).toBe(SamplingDecision.RECORD);
  });

  test('precedence: the first matching rule wins, later overlapping rules are not consulted', () => {
    const config: RuleSamplerConfig = {
      rules: [
        { route: '/payments/**', ratio: 1 },
        { route: '/payments/slow/**', drop: true },
      ],
      default: 0,
    };
    expect(decide(config, { attributes: { 'http.route': '/payments/slow/x' } }).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    const reversed = { ...config, rules: [...config.rules!].reverse() };
    expect(decide(reversed, { attributes: { 'http.route': '/payments/slow/x' } }).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  test.each([
    ['/static/*', '/static/a.css', true],
    ['/static/*', '/static/img/a.png', false],
    ['/static/**', '/static/img/a.png', true],
    ['/v?/users', '/v2/users', true],
    ['/v?/users', '/v10/users', false],
    ['/a.b', '/aXb', false],
    ['/users', '/users/1', false],
  ])('glob %s on route %s matches=%p', (glob, path, matches) => {
    const config = { rules: [{ route: glob, drop: true }], default: 1 };
    const r = decide(config, { attributes: { 'url.path': path } });
    expect(r.decision === SamplingDecision.NOT_RECORD).toBe(matches);
  });

  test('route falls back from http.route to url.path to http.target without query', () => {
    const config = { rules: [{ route: '/x', drop: true }], default: 1 };
    expect(decide(config, { attributes: { 'http.target': '/x?y=1' } }).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(decide(config, { attributes: { 'http.route': '/y', 'url.path': '/x' } }).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  test.each([
    [{ 'tenant.id': 'acme' }, { 'tenant.id': 'acme' }, true],
    [{ 'tenant.id': 'acme' }, { 'tenant.id': 'acme-2' }, false],
    [{ 'tenant.id': 'acme-*' }, { 'tenant.id': 'acme-2' }, true],
    [{ 'tenant.id': { regex: '^ac.e$' } }, { 'tenant.id': 'acme' }, true],
    [{ 'tenant.id': /^AC/i }, { 'tenant.id': 'acme' }, true],
    [{ 'http.response.status_code': { equals: 404 } }, { 'http.response.status_code': 404 }, true],
    [
      { 'http.response.status_code': { equals: 404 } },
      { 'http.response.status_code': '404' },
      false,
    ],
    [{ 'feature.flags': 'beta' }, { 'feature.flags': ['alpha', 'beta'] }, true],
    [{ debug: { exists: true } }, { debug: false }, true],
    [{ debug: { exists: true } }, {}, false],
    [{ debug: { exists: false } }, {}, true],
    [{ a: 'x', b: 'y' }, { a: 'x' }, false],
  ])('attributes %j against %j matches=%p', (attributes, spanAttributes, matches) => {
    const config = { rules: [{ attributes, drop: true }], default: 1 };
    expect(
      decide(config, { attributes: spanAttributes }).decision === SamplingDecision.NOT_RECORD,
    ).toBe(matches);
  });

  test('span kind and method (case-insensitive, old and new semconv) conditions', () => {
    const config: RuleSamplerConfig = {
      rules: [{ kind: 'client', method: ['get', 'HEAD'], drop: true }],
      default: 1,
    };
    expect(
      decide(config, { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET' } })
        .decision,
    ).toBe(0);
    expect(
      decide(config, { kind: SpanKind.CLIENT, attributes: { 'http.method': 'head' } }).decision,
    ).toBe(0);
    expect(
      decide(config, { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } })
        .decision,
    ).toBe(2);
    expect(
      decide(config, { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'POST' } })
        .decision,
    ).toBe(2);
  });

  describe('parent conditions', () => {
    const sampledRemote = () => remoteParent(HIGH, SAMPLED);

    test('a rule without `parent` applies to roots only; children follow their parent', () => {
      const config = { rules: [{ spanName: 'job', drop: true }], default: 1 };
      expect(decide(config, { name: 'job' }).decision).toBe(SamplingDecision.NOT_RECORD);
      expect(decide(config, { name: 'job', parent: sampledRemote() }).decision).toBe(
        SamplingDecision.RECORD_AND_SAMPLED,
      );
    });

    test('parent: remote applies to spans continuing a trace from another process', () => {
      const config: RuleSamplerConfig = {
        rules: [{ route: '/internal/**', parent: 'remote', drop: true }],
        default: 1,
      };
      const attributes = { 'url.path': '/internal/cache' };
      expect(decide(config, { attributes, parent: sampledRemote() }).decision).toBe(
        SamplingDecision.NOT_RECORD,
      );
      expect(decide(config, { attributes }).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    });

    test('parent: local drops noisy children inside kept traces (real spans)', () => {
      const t = setup(
        createRuleBasedSampler({
          rules: [{ spanName: 'fs *', parent: 'local', drop: true }],
          default: 1,
        }),
      );
      const root = t.start('GET /');
      const fs = t.start('fs readFile', { parent: under(root) });
      const db = t.start('pg query', { parent: under(root) });
      expect([root.isRecording(), fs.isRecording(), db.isRecording()]).toEqual([true, false, true]);
    });

    test('parent: [none, remote] treats roots and remote-parent entries alike', () => {
      const config: RuleSamplerConfig = {
        rules: [{ spanName: 'x', parent: ['none', 'remote'], ratio: 0.5 }],
        default: 1,
      };
      const low = traceIdWith('10000000000000');
      expect(decide(config, { name: 'x', traceId: low }).decision).toBe(0);
      expect(
        decide(config, { name: 'x', traceId: low, parent: remoteParent(low, SAMPLED) }).decision,
      ).toBe(0);
      expect(decide(config, { name: 'x', traceId: MID, parent: remoteParent(MID, 0) }).ot).toBe(
        'th:8',
      );
    });
  });

  test.each([
    [{ rules: [{ ratio: 2 }] }, /option rules\[0\]\.ratio is 2; expected a number in \[0, 1\]/],
    [
      { rules: [{ route: { regex: '(' } }] },
      /option rules\[0\]\.route\.regex is "\("; expected .*, but it is not a valid regular expression/,
    ],
    [
      { rules: [{ route: { regex: '(a)\\1' } }] },
      /option rules\[0\]\.route\.regex is .*; expected a regular expression that runs in linear time/,
    ],
    [
      { rules: [{ kind: 'server-ish' }] },
      /option rules\[0\]\.kind is "server-ish"; expected one of/,
    ],
    [{ rules: [{ parent: 'elsewhere' }] }, /option rules\[0\]\.parent is "elsewhere"/],
    [{ rules: [{ drop: true, ratio: 1 }] }, /drop cannot be combined/],
    [{ rules: [{ limit: -1 }] }, /option rules\[0\]\.limit is -1; expected a positive number/],
    [
      { rules: [{ name: 'x', attributes: { a: {} } }] },
      /option rules\[0\] \(x\)\.attributes\.a is/,
    ],
    [{ default: 'most' }, /option default is "most"; expected a ratio/],
    [{ rules: 'all' }, /option rules is "all"; expected an array/],
    [{ precision: 20 }, /option precision is 20; expected a whole number from 1 to 14/],
  ])('invalid config %j throws a TypeError naming the option', (config, message) => {
    const build = () => createRuleBasedSampler(config as unknown as RuleSamplerConfig);
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
    expect(build).toThrow(/^@otelkit\/samplers: option /);
  });
});
