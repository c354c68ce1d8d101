import type { SamplingParams, Threshold } from '../internal-types';
import { randomnessAtLeast } from '../consistent/randomness';

/** The consistent decision `R >= T`, R being the explicit `rv` when present, else the trace id's last 56 bits. */
export function meets(params: SamplingParams, threshold: Threshold): boolean {
  const rv = params.ot.rv;
  return rv === undefined
    ? randomnessAtLeast(params.traceId, 18, threshold.padded)
    : randomnessAtLeast(rv, 0, threshold.padded);
}
