import { groupByTrace } from './group-by-trace';
import type { SpanStore } from './span-store';
import type { OtlpReceiver, SpansPredicate, WaitOptions } from './types';

export interface ReceiverParts {
  url: string;
  tracesUrl: string;
  port: number;
  store: SpanStore;
  /** Stops the server; pending waits are rejected before it runs. */
  stop(): Promise<void>;
}

/** The `OtlpReceiver` API over a SpanStore, the same whatever protocol fills the store. */
export function receiverHandle(parts: ReceiverParts): OtlpReceiver {
  const { store } = parts;
  return {
    url: parts.url,
    tracesUrl: parts.tracesUrl,
    port: parts.port,
    spans: store.spans,
    requests: store.requests,
    waitForSpans(countOrPredicate: number | SpansPredicate, opts?: WaitOptions) {
      const what =
        typeof countOrPredicate === 'number'
          ? `waitForSpans(${countOrPredicate})`
          : 'waitForSpans(predicate)';
      const done =
        typeof countOrPredicate === 'number'
          ? (spans: typeof store.spans) => spans.length >= countOrPredicate
          : countOrPredicate;
      return store.wait(what, (spans) => (done(spans) ? spans.slice() : undefined), opts);
    },
    waitForTrace(predicate: SpansPredicate, opts?: WaitOptions) {
      const find = (spans: typeof store.spans) =>
        [...groupByTrace(spans).values()].find((trace) => predicate(trace));
      return store.wait('waitForTrace(predicate)', find, opts);
    },
    clear: () => store.clear(),
    close() {
      store.rejectAll('@otelkit/testing: receiver closed while waiting for spans');
      return parts.stop();
    },
  };
}
