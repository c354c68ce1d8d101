import { SpanStatusCode } from '@opentelemetry/api';
import type { TailPolicy } from '@otelkit/samplers';
import { TailSamplingProcessor } from '@otelkit/samplers';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { remoteParent, traceIdWith, under } from './helpers/tracing';
import { tailSetup } from './helpers/tail';

describe('tail sampling policies', () => {
  test('a trace with one error child is kept whole; its sibling traces at ratio 0 are dropped', () => {
    const t = tailSetup({ policies: [{ when: { type: 'error' } }], graceMs: 0 });
    for (const trace of ['a', 'b', 'c']) {
      const root = t.start(`${trace}-root`);
      for (const child of ['1', '2', '3']) {
        const span = t.start(`${trace}-child-${child}`, { parent: under(root) });
        if (trace === 'b' && child === '2') span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      root.end();
    }
    expect(t.names()).toEqual(['b-child-1', 'b-child-2', 'b-child-3', 'b-root']);
    // Kept although the head did not sample them: exported with the sampled flag, rest of the context unchanged.
    expect(t.exported().every((s) => (s.spanContext().traceFlags & 1) === 1)).toBe(true);
    expect(t.tail.stats()).toMatchObject({
      kept: 1,
      dropped: 2,
      bufferedTraces: 0,
      bufferedSpans: 0,
    });
  });

  test('an exception event counts as an error', () => {
    const t = tailSetup({ policies: [{ when: { type: 'error' } }], graceMs: 0 });
    const root = t.start('root');
    root.recordException(new Error('boom'));
    root.end();
    expect(t.names()).toEqual(['root']);
  });

  test('a slow trace is kept, a fast one dropped', () => {
    const t = tailSetup({ policies: [{ when: { type: 'latency', minMs: 500 } }], graceMs: 0 });
    const slow = t.tracer.startSpan('slow', { startTime: [1000, 0] });
    slow.end([1000, 600_000_000]);
    const fast = t.tracer.startSpan('fast', { startTime: [1000, 0] });
    fast.end([1000, 100_000_000]);
    expect(t.names()).toEqual(['slow']);
  });

  test('attribute condition looks at every span of the segment', () => {
    const policies: TailPolicy[] = [
      { when: { type: 'attribute', key: 'customer.tier', value: 'gold' } },
    ];
    const t = tailSetup({ policies, graceMs: 0 });
    for (const tier of ['gold', 'free']) {
      const root = t.start(`root-${tier}`);
      t.start(`db-${tier}`, { parent: under(root), attributes: { 'customer.tier': tier } }).end();
      root.end();
    }
    expect(t.names()).toEqual(['db-gold', 'root-gold']);
  });

  test('probabilistic rest is consistent with the trace randomness', () => {
    const t = tailSetup({ policies: [{ when: { type: 'ratio', ratio: 0.5 } }], graceMs: 0 });
    t.start('high', { parent: remoteParent(traceIdWith('80000000000000'), 0) }).end();
    t.start('low', { parent: remoteParent(traceIdWith('7fffffffffffff'), 0) }).end();
    t.start('rv-high', {
      parent: remoteParent(traceIdWith('00000000000000'), 0, 'ot=rv:ffffffffffffff'),
    }).end();
    expect(t.names()).toEqual(['high', 'rv-high']);
  });

  test('head-sampled traces are kept by the head-sampled policy; unsampled ones are not', () => {
    const t = tailSetup(
      { policies: [{ when: { type: 'head-sampled' } }], graceMs: 0 },
      { default: 0.5 },
    );
    t.start('parent-sampled', { parent: remoteParent(traceIdWith('00000000000001'), 1) }).end();
    t.start('parent-unsampled', { parent: remoteParent(traceIdWith('ffffffffffffff'), 0) }).end();
    expect(t.names()).toEqual(['parent-sampled']);
  });

  test('ordered policies: an earlier drop beats a later keep; and/or/not compose', () => {
    const policies: TailPolicy[] = [
      { name: 'no-synthetic', when: { type: 'attribute', key: 'synthetic' }, decision: 'drop' },
      {
        name: 'slow-or-failed-checkout',
        when: {
          type: 'and',
          conditions: [
            { type: 'attribute', key: 'http.route', value: '/checkout/**' },
            { type: 'or', conditions: [{ type: 'error' }, { type: 'latency', minMs: 1000 }] },
          ],
        },
      },
      { when: { type: 'not', condition: { type: 'attribute', key: 'http.route' } } },
    ];
    const t = tailSetup({ policies, graceMs: 0 });
    const end = (name: string, attributes: Record<string, string>, error = false) => {
      const s = t.start(name, { attributes });
      if (error) s.setStatus({ code: SpanStatusCode.ERROR });
      s.end();
    };
    end('synthetic-error', { synthetic: 'yes', 'http.route': '/checkout/pay' }, true);
    end('checkout-error', { 'http.route': '/checkout/pay' }, true);
    end('checkout-ok', { 'http.route': '/checkout/pay' });
    end('no-route', {});
    end('other-error', { 'http.route': '/search' }, true);
    expect(t.names()).toEqual(['checkout-error', 'no-route']);
  });

  test('a per-policy limit caps what it keeps per second; beyond it later policies decide', () => {
    const t = tailSetup(
      { policies: [{ when: { type: 'error' }, limit: 3, burst: 3 }], graceMs: 0 },
      undefined,
      () => 0,
    );
    for (let i = 0; i < 10; i++) t.start('err').setStatus({ code: SpanStatusCode.ERROR }).end();
    expect(t.exported()).toHaveLength(3);
  });

  test('otherwise: keep exports what no policy matched', () => {
    const t = tailSetup({
      policies: [{ when: { type: 'error' }, decision: 'drop' }],
      otherwise: 'keep',
      graceMs: 0,
    });
    t.start('ok').end();
    t.start('err').setStatus({ code: SpanStatusCode.ERROR }).end();
    expect(t.names()).toEqual(['ok']);
  });

  test('a throwing predicate counts as no match and never reaches the application', () => {
    const t = tailSetup({
      policies: [
        {
          when: {
            type: 'predicate',
            test: () => {
              throw new Error('bug');
            },
          },
        },
      ],
      otherwise: 'keep',
      graceMs: 0,
    });
    expect(() => t.start('x').end()).not.toThrow();
    expect(t.names()).toEqual(['x']);
  });

  test.each([
    [
      { policies: [{ when: { type: 'latency', minMs: -1 } }] },
      /option tail\.policies\[0\]\.when\.minMs is -1; expected a number >= 0/,
    ],
    [
      { policies: [{ when: { type: 'colour' } }] },
      /option tail\.policies\[0\]\.when\.type is "colour"; expected one of/,
    ],
    [
      { policies: [{ when: { type: 'and', conditions: [] } }] },
      /option tail\.policies\[0\]\.when\.conditions is \[\]; expected a non-empty array/,
    ],
    [
      { policies: [{ when: { type: 'error' }, decision: 'maybe' }] },
      /option tail\.policies\[0\]\.decision is "maybe"; expected keep or drop/,
    ],
    [
      { policies: [{ when: { type: 'attribute', key: 'k', value: { regex: '(?=a)+' } } }] },
      /option tail\.policies\[0\]\.when\.value\.regex is .*; expected a regular expression that runs in linear time/,
    ],
    [{ policies: [], maxTraces: 0 }, /option tail\.maxTraces is 0; expected a number >= 1/],
    [{ policies: {} }, /option tail\.policies is \{\}; expected an array/],
  ])('invalid tail config %j throws a TypeError naming the option', (config, message) => {
    const next = new SimpleSpanProcessor(new InMemorySpanExporter());
    expect(() => new TailSamplingProcessor(next, config as never)).toThrow(message);
  });
});
