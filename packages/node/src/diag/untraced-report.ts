import type { Diagnostics } from '@otelkit/core';

export const NOT_TRACED_DOC = 'docs/frameworks-and-libraries.md#not-traced';

/**
 * Collects the untraced libraries the app loads and names them in one line per batch: the requires of one module
 * graph come in one go, so the line waits for `setImmediate` (which runs once and keeps nothing alive) and names all
 * of them. Each library is named at most once per process; the set is bounded by the curated list.
 */
export class UntracedReport {
  private readonly seen: string[] = [];
  private pending: string[] = [];

  constructor(private readonly diag: Pick<Diagnostics, 'info'>) {}

  /** The app loaded `library`, which otelkit cannot trace. */
  add(library: string): void {
    if (this.seen.includes(library)) return;
    this.seen.push(library);
    if (this.pending.push(library) === 1) setImmediate(() => this.flush());
  }

  /** Every untraced library loaded so far, in load order. */
  list(): string[] {
    return [...this.seen];
  }

  /** Prints the line for what is pending now (also called by the timer). */
  flush(): void {
    if (this.pending.length === 0) return;
    const names = this.pending;
    this.pending = [];
    this.diag.info(
      `loaded, not traced (otelkit has no instrumentation for it): ${names.join(', ')}; ` +
        `how to add one: ${NOT_TRACED_DOC}`,
    );
  }
}
