import type { TimeInput } from '@opentelemetry/api';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace-base';

/**
 * How long a held root waits for the route's pass to start after Next.js ended it. Measured on `next start` of
 * examples/nextjs (first request, cold route module): the pass started 7 ms after the proxy's pass ended. A proxy
 * that answers by itself (a redirect) starts no pass: its root is exported this much later, at its own end time.
 */
export const HOLD_MILLIS = 5_000;

interface Hold {
  /** When Next.js ended the root (a performance timestamp unless Next.js gave a time); unset while it runs. */
  endTime?: TimeInput;
  /** Route passes started under the root and not yet ended. */
  open: number;
  sawPass: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Next.js request spans that are the root of their request (no HTTP SERVER span encloses them: requests that reached
 * `next start` before `register()` ran, or an app without the HTTP instrumentation) and ran the proxy. Behind a proxy
 * Next.js handles a request in two passes, the proxy's and then the route's, each with its own request span, the
 * second started after the first ended, under its context forwarded through request headers. With no HTTP span the
 * first pass's span is the root, so it would end (and be exported, without the route, as a second SERVER span would
 * be) before the route is known. Its `end()` is held instead until the route's pass under it ends: the root then
 * spans the whole request and carries the route. Only such roots are touched: a request with an HTTP span costs
 * nothing here.
 */
export class HeldRoots {
  private readonly holds = new Map<Span, Hold>();
  /** Route pass → the held root it runs under. */
  private readonly passes = new WeakMap<object, Span>();

  get size(): number {
    return this.holds.size;
  }

  /** Holds `root`'s end from now on; its count is bounded by the caller (one per tracked open root). */
  hold(root: Span): void {
    if (this.holds.has(root)) return;
    const hold: Hold = { open: 0, sawPass: false };
    this.holds.set(root, hold);
    (root as { end: (endTime?: TimeInput) => void }).end = (endTime) => {
      if (hold.endTime !== undefined) return; // a second end() while held: as ignored as the SDK would
      hold.endTime = endTime ?? performance.now();
      if (hold.sawPass && hold.open === 0) return this.release(root);
      hold.timer = setTimeout(() => this.release(root), HOLD_MILLIS);
      hold.timer.unref();
    };
  }

  /** A route pass started under `root`; false when `root` is not held. */
  startPass(root: Span, pass: Span): boolean {
    const hold = this.holds.get(root);
    if (hold === undefined) return false;
    hold.open++;
    hold.sawPass = true;
    if (hold.timer !== undefined) clearTimeout(hold.timer);
    hold.timer = undefined;
    this.passes.set(pass, root);
    return true;
  }

  /** A span ended: when it is the last open pass of a root Next.js already ended, the root ends with it. */
  ended(span: ReadableSpan): void {
    const root = this.passes.get(span);
    if (root === undefined) return;
    this.passes.delete(span);
    const hold = this.holds.get(root);
    if (hold === undefined) return;
    hold.open--;
    // At the pass's own end time: "now" here could read a coarser clock than the pass's and come out earlier.
    if (hold.open === 0 && hold.endTime !== undefined) this.release(root, span.endTime);
  }

  /** Ends every root Next.js already ended (before a flush); roots still running are left to end themselves. */
  releaseEnded(): void {
    for (const [root, hold] of this.holds) if (hold.endTime !== undefined) this.release(root);
  }

  private release(root: Span, passEnd?: TimeInput): void {
    const hold = this.holds.get(root);
    if (hold === undefined) return;
    this.holds.delete(root);
    if (hold.timer !== undefined) clearTimeout(hold.timer);
    delete (root as { end?: unknown }).end; // back to the SDK's own end()
    if (hold.endTime === undefined) return;
    // After a route pass the root ends with it; without one, when Next.js ended it.
    root.end(passEnd ?? (hold.sawPass ? undefined : hold.endTime));
  }
}
