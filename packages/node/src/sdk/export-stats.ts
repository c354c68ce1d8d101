import type { BatchProcessorStats } from '@otelkit/export';
import type { ExportCounters } from '../internal-types';

/**
 * Spans lost for good so far: refused by a full queue, pushed out by an ERROR span, in a failed or
 * timed-out export, or still queued when shutdown gave up.
 */
export function droppedSpans(stats: BatchProcessorStats): number {
  // Every reason, including any the processor adds later.
  let total = 0;
  for (const count of Object.values(stats.dropped)) total += count;
  return total;
}

/**
 * node's counters from the batch processor's totals. Every sampled span the processor saw ends up
 * exported, dropped, still queued or in flight — a refused span counts in `dropped` and never in
 * `queued`, a span pushed out by an ERROR span counts in both — so their sum is `ended`.
 */
export function toExportStats(stats: BatchProcessorStats): ExportCounters {
  const { exported, dropped } = stats;
  return {
    ended: exported + droppedSpans(stats) + stats.queueSize + stats.inFlightSpans,
    exported,
    // Spans a collector rejected in a partial success are lost like those of a failed export.
    failed: dropped.export_failed + dropped.export_timeout + dropped.rejected,
    failedRequests: stats.failedExports,
  };
}

/**
 * One line on what never arrived (queued and in-flight spans count: this runs at exit), or undefined when everything
 * did, or when `alreadyStated` (the total a line printed earlier gave) is that same number.
 */
export function describeLoss(
  stats: ExportCounters,
  target: string,
  alreadyStated?: number,
): string | undefined {
  const { ended, exported, failed } = stats;
  const lost = ended - exported;
  if (lost <= 0 || lost === alreadyStated) return undefined;
  return (
    `${lost} spans could not be delivered to ${target} since start ` +
    `(of ${ended}: ${failed} in failed exports, ${lost - failed} dropped by a full queue or unsent at exit)`
  );
}
