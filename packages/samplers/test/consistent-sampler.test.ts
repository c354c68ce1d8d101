import { createConsistentRatioSampler, readSamplingInfo } from '@otelkit/samplers';
import { SAMPLED, remoteParent, setup, traceIdWith, under } from './helpers/tracing';

const th = (span: { spanContext(): { traceState?: { get(k: string): string | undefined } } }) =>
  span.spanContext().traceState?.get('ot');

describe('consistent probability sampling (TraceIdRatioBased per spec)', () => {
  // Ratio 0.1 at precision 4 is th e666, i.e. T = 0xe6660000000000: keep iff the last 56 bits >= T.
  test.each([
    ['e6660000000000', true],
    ['e665ffffffffff', false],
    ['ffffffffffffff', true],
    ['00000000000000', false],
    ['E6660000000000', true],
  ])(
    'ratio 0.1 root with randomness %s sampled=%p, as every spec-conforming SDK decides',
    (randomness, kept) => {
      const sampler = createConsistentRatioSampler(0.1);
      const result = sampler.shouldSample(
        remoteParent('0'.repeat(32), 0),
        traceIdWith(randomness),
        'x',
        0,
        {},
        [],
      );
      expect(result.decision === 2).toBe(kept);
      expect(result.traceState?.get('ot')).toBe(kept ? 'th:e666' : undefined);
    },
  );

  test('real root spans: sampled ones carry ot=th:<threshold>, adjusted count derivable', () => {
    const t = setup(createConsistentRatioSampler(0.25));
    for (let i = 0; i < 200; i++) t.start('root').end();
    const spans = t.exported();
    expect(spans.length).toBeGreaterThan(20);
    for (const span of spans) {
      expect(th(span)).toBe('th:c');
      expect(readSamplingInfo(span.spanContext().traceState).adjustedCount).toBe(4);
    }
  });

  test('ratio 1 writes th:0 (100%)', () => {
    const t = setup(createConsistentRatioSampler(1));
    t.start('root').end();
    expect(th(t.exported()[0]!)).toBe('th:0');
  });

  test('a local child of a sampled root inherits its threshold', () => {
    const t = setup(createConsistentRatioSampler(1));
    const root = t.start('root');
    const child = t.start('child', { parent: under(root) });
    expect(th(child)).toBe('th:0');
    expect(child.spanContext().traceState).toBe(root.spanContext().traceState);
  });

  describe('parent-based obligations', () => {
    const sampler = createConsistentRatioSampler(0.5);
    const decide = (flags: number, tracestate: string | undefined, randomness = 'c0000000000000') =>
      sampler.shouldSample(
        remoteParent(traceIdWith(randomness), flags, tracestate),
        traceIdWith(randomness),
        'x',
        0,
        {},
        [],
      );

    test('a sampled parent with a consistent th propagates it', () => {
      const r = decide(SAMPLED, 'ot=th:c');
      expect(r.decision).toBe(2);
      expect(r.traceState?.get('ot')).toBe('th:c');
    });

    test('a sampled parent whose th is inconsistent with the randomness (R < th) gets th erased, still sampled', () => {
      const r = decide(SAMPLED, 'ot=th:f;rv:00000000000001,a=1', '00000000000001');
      expect(r.decision).toBe(2);
      expect(r.traceState?.get('ot')).toBe('rv:00000000000001');
      expect(r.traceState?.get('a')).toBe('1');
    });

    test('a sampled parent without th: sampled, probability unknown, so no th', () => {
      const r = decide(SAMPLED, 'a=1');
      expect(r.decision).toBe(2);
      expect(r.traceState?.get('ot')).toBeUndefined();
    });

    test('an unsampled parent: not sampled and any stale th erased', () => {
      const r = decide(0, 'ot=th:c;rv:ffffffffffffff');
      expect(r.decision).toBe(0);
      expect(r.traceState?.get('ot')).toBe('rv:ffffffffffffff');
    });

    test('an invalid th from the parent is erased, never trusted', () => {
      const r = decide(SAMPLED, 'ot=th:XYZ');
      expect(r.decision).toBe(2);
      expect(r.traceState?.get('ot')).toBeUndefined();
    });
  });

  describe('explicit randomness rv', () => {
    test('rv decides instead of the trace id and is never rewritten', () => {
      const sampler = createConsistentRatioSampler(0.5, { parentBased: false });
      // trace id randomness says drop (00...), rv says keep (ff...).
      const ctx = remoteParent(traceIdWith('00000000000000'), 0, 'ot=rv:ffffffffffffff');
      const r = sampler.shouldSample(ctx, traceIdWith('00000000000000'), 'x', 0, {}, []);
      expect(r.decision).toBe(2);
      expect(r.traceState?.get('ot')).toBe('th:8;rv:ffffffffffffff');
      const drop = sampler.shouldSample(
        remoteParent(traceIdWith('ffffffffffffff'), 0, 'ot=rv:00000000000000'),
        traceIdWith('ffffffffffffff'),
        'x',
        0,
        {},
        [],
      );
      expect(drop.decision).toBe(0);
      expect(drop.traceState?.get('ot')).toBe('rv:00000000000000');
    });

    test('rv survives through real child spans unchanged', () => {
      const t = setup(createConsistentRatioSampler(1, { parentBased: false }));
      const root = t.start('server', {
        parent: remoteParent(traceIdWith('12345678901234'), SAMPLED, 'ot=rv:abcdefabcdefab;th:8'),
      });
      const child = t.start('child', { parent: under(root) });
      expect(th(root)).toBe('th:0;rv:abcdefabcdefab');
      expect(th(child)).toBe('th:0;rv:abcdefabcdefab');
    });
  });

  test('parentBased:false ignores the parent sampled flag', () => {
    const sampler = createConsistentRatioSampler(1, { parentBased: false });
    const r = sampler.shouldSample(
      remoteParent(traceIdWith('00000000000000'), 0),
      traceIdWith('00000000000000'),
      'x',
      0,
      {},
      [],
    );
    expect(r.decision).toBe(2);
  });

  test('warns once when it presumes trace-id randomness for a remote parent without the random flag', () => {
    const warnings: string[] = [];
    const sampler = createConsistentRatioSampler(0.5, {
      parentBased: false,
      warn: (m) => warnings.push(m),
    });
    sampler.shouldSample(
      remoteParent(traceIdWith('c0000000000000'), 0x03),
      traceIdWith('c0000000000000'),
      'x',
      0,
      {},
      [],
    );
    expect(warnings).toHaveLength(0);
    for (let i = 0; i < 3; i++) {
      sampler.shouldSample(
        remoteParent(traceIdWith('c0000000000000'), SAMPLED),
        traceIdWith('c0000000000000'),
        'x',
        0,
        {},
        [],
      );
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/random trace flag/);
  });

  test.each([[-0.1], [1.01], [NaN], ['0.5']])(
    'an invalid ratio %p throws a TypeError naming the option',
    (ratio) => {
      const build = () => createConsistentRatioSampler(ratio as number);
      expect(build).toThrow(TypeError);
      expect(build).toThrow(
        `@otelkit/samplers: option ratio is ${typeof ratio === 'number' ? String(ratio) : JSON.stringify(ratio)}; expected a number in [0, 1]`,
      );
    },
  );
});
