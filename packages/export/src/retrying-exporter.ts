import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { optionError } from '@otelkit/core';
import { resolveRetry } from './config/resolve-retry';
import { backoffMillis } from './http/retry-policy';
import { Sleeper } from './http/sleep';
import { PREFIX } from './prefix';
import type {
  EncodingSpanExporter,
  RetryingExporterOptions,
  RetrySettings,
  SpanRequest,
} from './types';

/**
 * Gives an exporter that makes one attempt per batch (upstream's OTLP/gRPC exporter, for one) the retries
 * `OtlpHttpSpanExporter` has: a failure `retryable` accepts is tried again after a jittered exponential
 * backoff, up to `retry.maxAttempts` attempts in all. Waits are unref'd timers; once the processor shuts
 * down (`stopRetrying`), every batch gets one attempt and a waiting retry gives up at once.
 */
export class RetryingSpanExporter implements EncodingSpanExporter {
  /** Whole batches only: the processor's byte bound counts SDK objects for these spans. */
  readonly bytesPerSpan = 0;
  private readonly retry: RetrySettings;
  private readonly retryable: (error: unknown) => boolean;
  private readonly sleeper = new Sleeper();
  private retrying = true;

  constructor(
    private readonly inner: SpanExporter,
    options: RetryingExporterOptions,
  ) {
    if (typeof options?.retryable !== 'function') {
      throw optionError(PREFIX, 'retryable', options?.retryable, 'a function (error) => boolean');
    }
    this.retryable = options.retryable;
    this.retry = resolveRetry(options.retry);
  }

  /** Once `signal` aborts, a batch waiting to retry fails now with its last error (the attempt in progress is the inner exporter's). */
  export(
    spans: ReadableSpan[],
    resultCallback: (result: ExportResult) => void,
    signal?: AbortSignal,
  ): void {
    const attempt = (n: number): void => {
      let answered = false;
      try {
        this.inner.export(spans, (result) => {
          answered = true;
          const again =
            result.code !== ExportResultCode.SUCCESS &&
            n < this.retry.maxAttempts &&
            this.retrying &&
            signal?.aborted !== true &&
            this.isRetryable(result.error);
          if (!again) return resultCallback(result);
          this.sleeper
            .sleep(backoffMillis(n, this.retry), signal)
            .then((slept) => (slept ? attempt(n + 1) : resultCallback(result)))
            // A retry runs from a timer: nothing it throws may become an unhandled rejection in the app.
            .catch(() => undefined);
        });
      } catch (error) {
        // Thrown after the inner exporter called back (by the caller's callback): it has its answer.
        if (answered) throw error;
        // An exporter that throws instead of calling back failed this attempt; that is final.
        resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      }
    };
    attempt(1);
  }

  /** None: the wrapped exporter takes whole batches, through export(). */
  openRequest(): undefined {
    return undefined;
  }

  /** Never called (openRequest opens none); answers with a failure rather than throwing. */
  exportRequest(_request: SpanRequest, resultCallback: (result: ExportResult) => void): void {
    const error = new Error(`${PREFIX}: RetryingSpanExporter opens no requests`);
    resultCallback({ code: ExportResultCode.FAILED, error });
  }

  /** One attempt per batch from now on; a batch waiting to retry fails now with its last error. */
  stopRetrying(): void {
    this.retrying = false;
    this.sleeper.cancelAll();
  }

  shutdown(): Promise<void> {
    this.stopRetrying();
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  /** A predicate that throws must not take the export down: the failure is then final. */
  private isRetryable(error: unknown): boolean {
    try {
      return this.retryable(error);
    } catch {
      return false;
    }
  }
}
