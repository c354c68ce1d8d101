import type { TraceState } from '@opentelemetry/api';
import type { SamplingInfo } from '../types';
import { readOt } from './ot-trace-state';
import { adjustedCount, thresholdToProbability } from './threshold';

/** Reads `th`/`rv` from a span context's tracestate; invalid or absent values are left out (never throws). */
export function readSamplingInfo(traceState: TraceState | undefined): SamplingInfo {
  const ot = readOt(traceState);
  const info: SamplingInfo = {};
  if (ot.rv !== undefined) info.randomness = ot.rv;
  if (ot.threshold !== undefined) {
    const value = ot.threshold.value;
    info.threshold = value;
    info.probability = thresholdToProbability(value);
    info.adjustedCount = adjustedCount(value);
  }
  return info;
}
