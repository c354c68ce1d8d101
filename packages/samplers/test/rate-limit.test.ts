import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import {
  createRateLimitingSampler,
  createRuleBasedSampler,
  readSamplingInfo,
} from '@otelkit/samplers';
import { setup, under } from './helpers/tracing';

/** A clock the test moves by hand (milliseconds). */
function manualClock() {
  let now = 0;
  return { clock: () => now, set: (ms: number) => (now = ms) };
}

describe('rate-limiting sampler', () => {
  test('a burst of 10,000 root spans within one second keeps at most limit + burst', () => {
    const time = manualClock();
    const t = setup(createRateLimitingSampler({ perSecond: 50, burst: 20 }, { clock: time.clock }));
    for (let i = 0; i < 10_000; i++) {
      time.set(i / 10); // 10,000 spans spread evenly over the second [0, 1000)
      t.start('GET /').end();
    }
    const kept = t.exported().length;
    expect(kept).toBeLessThanOrEqual(50 + 20);
    expect(kept).toBeGreaterThanOrEqual(50);
  });

  test('all 10,000 at the same instant keep exactly the burst', () => {
    const t = setup(createRateLimitingSampler({ perSecond: 50, burst: 20 }, { clock: () => 0 }));
    for (let i = 0; i < 10_000; i++) t.start('GET /').end();
    expect(t.exported()).toHaveLength(20);
  });

  test('the effective probability is written as th: at 1,000/s against 10/s it becomes 1/128 (th:fe)', () => {
    const time = manualClock();
    const t = setup(createRateLimitingSampler({ perSecond: 10 }, { clock: time.clock }));
    for (let i = 0; i < 3000; i++) {
      time.set(i); // 1,000 per second for three seconds
      t.start('GET /').end();
    }
    const later = t
      .exported()
      .filter((s) => readSamplingInfo(s.spanContext().traceState).threshold !== 0n);
    expect(later.length).toBeGreaterThan(0);
    for (const span of later) {
      expect(span.spanContext().traceState!.get('ot')).toBe('th:fe');
      expect(readSamplingInfo(span.spanContext().traceState).adjustedCount).toBe(128);
    }
    // Seconds 2 and 3 together keep about 2 * 1000/128 = 16, and never more than the cap allows.
    expect(later.length).toBeLessThanOrEqual(2 * 10 + 10);
  });

  test('children of a kept root follow it with the same threshold, without using tokens', () => {
    const t = setup(createRateLimitingSampler({ perSecond: 1, burst: 1 }, { clock: () => 0 }));
    const root = t.start('GET /');
    const children = Array.from({ length: 5 }, () => t.start('child', { parent: under(root) }));
    expect(children.every((c) => c.isRecording())).toBe(true);
    expect(children[0]!.spanContext().traceState?.get('ot')).toBe('th:0');
    expect(t.start('GET /again').isRecording()).toBe(false);
  });

  test('composable under rules: a limit on one route leaves other routes alone', () => {
    const sampler = createRuleBasedSampler(
      { rules: [{ route: '/search', limit: 5, burst: 5 }], default: 1 },
      { clock: () => 0 },
    );
    const count = (path: string) => {
      let kept = 0;
      for (let i = 0; i < 100; i++) {
        const traceId = (i.toString(16).padStart(4, '0') + 'f'.repeat(28)).slice(0, 32);
        const r = sampler.shouldSample(
          ROOT_CONTEXT,
          traceId,
          'GET',
          SpanKind.SERVER,
          { 'url.path': path },
          [],
        );
        if (r.decision === 2) kept++;
      }
      return kept;
    };
    expect(count('/search')).toBe(5);
    expect(count('/orders')).toBe(100);
  });

  test('ratio and limit combine: the stricter threshold applies', () => {
    const time = manualClock();
    const t = setup(
      createRateLimitingSampler({ perSecond: 1000, ratio: 0.25 }, { clock: time.clock }),
    );
    for (let i = 0; i < 200; i++) t.start('GET /').end();
    for (const span of t.exported()) expect(span.spanContext().traceState!.get('ot')).toBe('th:c');
  });
});
