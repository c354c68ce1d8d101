import type { OtlpExportResult } from '../types';

/**
 * Spans of a successful export of `count` spans that the collector rejected (partial_success), 0 to `count`:
 * a result that says nothing, or something unusable, rejected none.
 */
export function rejectedSpansOf(result: OtlpExportResult | undefined, count: number): number {
  const rejected = result?.rejectedSpans;
  if (typeof rejected !== 'number' || !(rejected > 0)) return 0;
  return Math.min(Math.floor(rejected), count);
}
