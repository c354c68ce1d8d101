import type { Threshold } from '../internal-types';
import { DEFAULT_PRECISION, encodeThreshold, paddedHex, probabilityToThreshold } from './threshold';

/** Threshold for a rejection value (e.g. one decoded from tracestate, keeping its original encoding). */
export function makeThreshold(value: bigint, encoded = encodeThreshold(value)): Threshold {
  return Object.freeze({ value, padded: paddedHex(value), encoded });
}

/** Threshold for a sampling probability in [2^-56, 1]. */
export function thresholdForProbability(
  probability: number,
  precision = DEFAULT_PRECISION,
): Threshold {
  return makeThreshold(probabilityToThreshold(probability, precision));
}

/** `th:0`: every span is kept. */
export const ALWAYS_THRESHOLD = makeThreshold(0n);

/** Larger thresholds keep fewer spans. */
export function stricter(a: Threshold, b: Threshold): Threshold {
  return a.value >= b.value ? a : b;
}
