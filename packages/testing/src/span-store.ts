import { describeRequests, describeSpans } from './describe-spans';
import type { ReceivedRequest, ReceivedSpan, WaitOptions } from './types';

const DEFAULT_WAIT_MS = 10_000;

interface Waiter {
  check(): ReceivedSpan[] | undefined;
  resolve(spans: ReceivedSpan[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Accepted spans and requests, plus the promises waiting for them. */
export class SpanStore {
  readonly spans: ReceivedSpan[] = [];
  readonly requests: ReceivedRequest[] = [];
  private readonly waiters = new Set<Waiter>();

  accept(spans: ReceivedSpan[]): void {
    if (spans.length === 0) return;
    this.spans.push(...spans);
    for (const waiter of this.waiters) this.settle(waiter);
  }

  clear(): void {
    this.spans.length = 0;
    this.requests.length = 0;
  }

  /** `check` returns the value to resolve with once the wait is over. */
  wait(
    what: string,
    check: (spans: ReceivedSpan[]) => ReceivedSpan[] | undefined,
    opts: WaitOptions = {},
  ): Promise<ReceivedSpan[]> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: () => check(this.spans),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(this.timeoutMessage(what, timeoutMs)));
        }, timeoutMs).unref(),
      };
      this.waiters.add(waiter);
      this.settle(waiter);
    });
  }

  rejectAll(reason: string): void {
    for (const waiter of this.waiters) this.finish(waiter, () => waiter.reject(new Error(reason)));
  }

  private settle(waiter: Waiter): void {
    let result: ReceivedSpan[] | undefined;
    try {
      result = waiter.check();
    } catch (err) {
      this.finish(waiter, () => waiter.reject(err as Error));
      return;
    }
    if (result) this.finish(waiter, () => waiter.resolve(result));
  }

  private finish(waiter: Waiter, action: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    action();
  }

  private timeoutMessage(what: string, timeoutMs: number): string {
    return (
      `@otelkit/testing: ${what} timed out after ${timeoutMs} ms; ` +
      `${this.spans.length} span(s) received so far:\n${describeSpans(this.spans)}\n` +
      describeRequests(this.requests)
    );
  }
}
