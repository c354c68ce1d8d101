/**
 * Whether the process has begun serving: start-up lasts until the first SERVER or CONSUMER span that a span processor
 * sees starts (an inbound request or a consumed message, with or without a remote parent). That is the earliest
 * moment the SDK can know it, and spans the sampler dropped never reach a processor, so an unsampled request does
 * not end start-up: the next sampled one does. A process that never serves (a script, a job) stays in start-up;
 * the trace-shape processor decides on its own when such a process counts as a job (its window, exit, flush).
 *
 * One boolean, flipped once: after that, readers pay a property load and nothing else.
 */
export class ServingPhase {
  serving = false;
  private readonly listeners: Array<() => void> = [];

  /** Ends start-up (once; later calls do nothing) and tells the listeners. */
  begin(): void {
    if (this.serving) return;
    this.serving = true;
    for (const listener of this.listeners.splice(0)) {
      try {
        listener();
      } catch {
        // A listener prints a line at most: it must never break the span that ended start-up.
      }
    }
  }

  /** Runs `listener` when serving begins (at once if it already has). */
  onBegin(listener: () => void): void {
    if (this.serving) listener();
    else this.listeners.push(listener);
  }
}
