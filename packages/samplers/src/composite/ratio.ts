import type { ComposableSampler, SamplingIntent } from '../internal-types';
import { thresholdForProbability } from '../consistent/make-threshold';
import { NOT_SAMPLED } from './intents';

/**
 * Consistent probability sampling (the spec's TraceIdRatioBased): one fixed threshold, written as `th` on
 * sampled spans. Ratio 0 is not a probability, so it is a plain "not sampled" that stays recordable for tail
 * sampling.
 */
export function ratioSampler(ratio: number, precision?: number): ComposableSampler {
  const description = `TraceIdRatioBased{${ratio}}`;
  if (ratio === 0) return { intent: () => NOT_SAMPLED, toString: () => description };
  const intent: SamplingIntent = Object.freeze({
    threshold: thresholdForProbability(ratio, precision),
    reliable: true,
  });
  return { intent: () => intent, toString: () => description };
}
