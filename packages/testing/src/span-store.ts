import { describeRequests, describeSpans } from './describe-spans';
import type { ReceivedRequest, ReceivedSpan, WaitOptions } from './types';

const DEFAULT_WAIT_MS = 10_000;

export interface SpanStoreOptions {
  /** False: keep no span and no request, only hand spans to `onSpans`. Default true. */
  retain?: boolean;
  onSpans?: (spans: ReceivedSpan[], request: ReceivedRequest) => void;
}

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
  private readonly retain: boolean;
  private readonly onSpans: SpanStoreOptions['onSpans'];

  constructor(options: SpanStoreOptions = {}) {
    this.retain = options.retain !== false;
    this.onSpans = options.onSpans;
  }

  record(request: ReceivedRequest): void {
    if (this.retain) this.requests.push(request);
  }

  accept(spans: ReceivedSpan[], request?: ReceivedRequest): void {
    if (spans.length === 0) return;
    if (this.retain) {
      this.spans.push(...spans);
      for (const waiter of this.waiters) this.settle(waiter);
    }
    if (this.onSpans && request) {
      try {
        this.onSpans(spans, request);
      } catch {
        // The sender already has its answer; a consumer's bug must not become a 500 or a crash.
      }
    }
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
