import type { BatchProcessorStats, DropReason } from '../types';

/** One line on what the processor lost so far, by reason, from its totals. */
export function describeDrops(stats: BatchProcessorStats): string {
  const reasons = (Object.keys(stats.dropped) as DropReason[])
    .filter((reason) => stats.dropped[reason] > 0)
    .map((reason) => `${stats.dropped[reason]} ${reason}`);
  const total = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  return `${total} spans dropped since start (${reasons.join(', ')}); ${stats.exported} exported, ${stats.queueSize} queued`;
}

/** A zero count for every drop reason, so totals and reports list the same reasons in the same order. */
export function noDrops(): Record<DropReason, number> {
  return {
    queue_full: 0,
    bytes_limit: 0,
    already_shutdown: 0,
    export_failed: 0,
    export_timeout: 0,
    shutdown_timeout: 0,
    rejected: 0,
  };
}
