import { PREFIX } from '../config/env-reader';
import type { BatchProcessorStats, DropReason } from '../types';

const INTERVAL_MILLIS = 60_000;

/** At most one summary line a minute about dropped spans, so a struggling collector never floods logs. */
export class DropReport {
  private lastAt = -Infinity;

  constructor(private readonly warn: (message: string) => void) {}

  maybeReport(source: { stats(): BatchProcessorStats }, now = Date.now()): void {
    if (now - this.lastAt < INTERVAL_MILLIS) return;
    this.lastAt = now;
    this.warn(`${PREFIX}: ${describeDrops(source.stats())}`);
  }
}

export function describeDrops(stats: BatchProcessorStats): string {
  const reasons = (Object.keys(stats.dropped) as DropReason[])
    .filter((reason) => stats.dropped[reason] > 0)
    .map((reason) => `${stats.dropped[reason]} ${reason}`);
  const total = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  return `${total} spans dropped since start (${reasons.join(', ')}); ${stats.exported} exported, ${stats.queueSize} queued`;
}
