import { ROOT_CONTEXT } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import {
  createConsistentRatioSampler,
  probabilityToThreshold,
  thresholdToProbability,
} from '@otelkit/samplers';
import { randomTraceIds } from './helpers/tracing';

const N = 100_000;
// Two-sided 99.9% normal bound on a binomial count.
const Z = 3.2905;

/** Real SDK root spans over a fixed list of trace ids; returns which ones were sampled. */
function sampledFlags(ratio: number, ids: string[]): boolean[] {
  let i = 0;
  const idGenerator: IdGenerator = {
    generateTraceId: () => ids[i++]!,
    generateSpanId: () => '00f067aa0ba902b7',
  };
  const tracer = new BasicTracerProvider({
    sampler: createConsistentRatioSampler(ratio),
    idGenerator,
  }).getTracer('stats');
  return ids.map(() => {
    const span = tracer.startSpan('root', {}, ROOT_CONTEXT);
    span.end();
    return (span.spanContext().traceFlags & 1) === 1;
  });
}

describe('statistics over 100,000 random trace ids', () => {
  const ids = [...randomTraceIds(N)];
  const results = new Map<number, boolean[]>();
  for (const ratio of [0.01, 0.1, 0.5]) results.set(ratio, sampledFlags(ratio, ids));

  test.each([[0.5], [0.1], [0.01]])(
    'ratio %p keeps a fraction inside the 99.9%% binomial bound',
    (ratio) => {
      const p = thresholdToProbability(probabilityToThreshold(ratio));
      const kept = results.get(ratio)!.filter(Boolean).length;
      const bound = Z * Math.sqrt(N * p * (1 - p));
      expect(Math.abs(kept - N * p)).toBeLessThanOrEqual(bound);
    },
  );

  test('monotonic: a higher ratio keeps a superset of what a lower ratio keeps', () => {
    const low = results.get(0.01)!;
    const mid = results.get(0.1)!;
    const high = results.get(0.5)!;
    let violations = 0;
    for (let i = 0; i < N; i++) if ((low[i] && !mid[i]) || (mid[i] && !high[i])) violations++;
    expect(violations).toBe(0);
    expect(mid.filter(Boolean).length).toBeGreaterThan(low.filter(Boolean).length);
  });
});
