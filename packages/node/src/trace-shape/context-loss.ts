import { cut, type Diagnostics } from '@otelkit/core';
import type { ContextLossCount } from '../types';

/** Distinct scope + span name pairs counted one by one; the rest are counted together as `other`. */
export const MAX_LOSS_KEYS = 100;
/** Offenders a line names. */
const TOP = 3;
const OTHER = 'other';
/** Where the line sends the reader. */
export const CONTEXT_LOSS_DOC = 'docs/troubleshooting.md#spans-without-a-parent-after-start-up';

interface Entry extends ContextLossCount {
  /** `count` when the last line was printed: the line names what was lost since. */
  reported: number;
}

/**
 * Counts parentless spans that should have had a parent, per instrumentation scope and span name, and prints at most
 * one line per interval naming the top offenders of that interval. Memory is bounded by MAX_LOSS_KEYS; nothing runs
 * and no timer exists until a span is counted, and the timer is unref'd.
 */
export class ContextLoss {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  /** `intervalMillis` 0: counted, never printed. */
  constructor(
    private readonly diag: Diagnostics,
    private readonly intervalMillis: number,
  ) {}

  count(scope: string, name: string): void {
    const key = `${scope}\n${name}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry =
        this.entries.size < MAX_LOSS_KEYS
          ? { scope, name, count: 0, reported: 0 }
          : this.entries.get(OTHER);
      if (entry === undefined) {
        entry = { scope: OTHER, name: OTHER, count: 0, reported: 0 };
        this.entries.set(OTHER, entry);
      } else if (entry.scope !== OTHER) {
        this.entries.set(key, entry);
      }
    }
    entry.count++;
    if (this.timer === undefined && this.intervalMillis > 0) {
      this.timer = setTimeout(() => this.report(), this.intervalMillis);
      this.timer.unref();
    }
  }

  /** Counts since start, the largest first. */
  stats(): ContextLossCount[] {
    return [...this.entries.values()]
      .map(({ scope, name, count }) => ({ scope, name, count }))
      .sort((a, b) => b.count - a.count);
  }

  /** Stops a pending line (at shutdown: the counts stay readable). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private report(): void {
    this.timer = undefined;
    const fresh = [...this.entries.values()].filter((entry) => entry.count > entry.reported);
    let total = 0;
    for (const entry of fresh) total += entry.count - entry.reported;
    fresh.sort((a, b) => b.count - b.reported - (a.count - a.reported));
    const named = fresh
      .slice(0, TOP)
      .map(
        (e) => `${JSON.stringify(cut(e.name, 80))} (${cut(e.scope, 80)}) ×${e.count - e.reported}`,
      );
    for (const entry of fresh) entry.reported = entry.count;
    const more = fresh.length > TOP ? `, and ${fresh.length - TOP} more` : '';
    this.diag.warn(
      `${total} spans started without a parent after start-up, from instrumentations that run inside requests ` +
        `(context lost?): ${named.join(', ')}${more}. Causes and fixes: ${CONTEXT_LOSS_DOC}`,
    );
  }
}
