import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { HeaderSource } from '@otelkit/export';
import type { Diagnostics } from '../internal-types';
import type { GrpcMetadata } from './grpc-call-credentials';

/** UNAUTHENTICATED and PERMISSION_DENIED: gRPC's 401 and 403. */
const REFUSED: Record<number, string> = { 16: 'UNAUTHENTICATED', 7: 'PERMISSION_DENIED' };

/** What one batch went through: retries of the RetryingSpanExporter around this one pass the same spans array. */
interface BatchState {
  attempt: number;
  reauthorized: boolean;
}

/**
 * Upstream's OTLP/gRPC exporter with credentials from a HeaderSource (the one OTLP/HTTP uses: same caching, refresh
 * and no-secret rules). Before each attempt the source is asked, as the HTTP exporter asks it, and the answer (over
 * the fixed headers) becomes the metadata the channel's call credentials attach (see withCallMetadata). Credentials
 * that cannot be had fail the attempt with a CredentialError, retried with the backoff like a refused connection. A
 * call refused with UNAUTHENTICATED or PERMISSION_DENIED gets one forced refresh and one more attempt (one line per
 * status), then the usual failure.
 */
export class GrpcCredentialedExporter implements SpanExporter {
  private current: GrpcMetadata | undefined;
  /** Weak: a batch's state goes with its spans. */
  private readonly batches = new WeakMap<ReadableSpan[], BatchState>();

  constructor(
    private readonly inner: SpanExporter,
    private readonly source: HeaderSource,
    private readonly fixed: Record<string, string>,
    private readonly toMetadata: (headers: Record<string, string>) => GrpcMetadata,
    private readonly target: string,
    private readonly diag: Diagnostics,
  ) {}

  /** The metadata of the latest attempt, for the call credentials. */
  metadata(): GrpcMetadata | undefined {
    return this.current;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let batch = this.batches.get(spans);
    if (batch === undefined) this.batches.set(spans, (batch = { attempt: 0, reauthorized: false }));
    this.attempt(spans, batch, resultCallback);
  }

  shutdown(): Promise<void> {
    this.source.close();
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private attempt(
    spans: ReadableSpan[],
    batch: BatchState,
    resultCallback: (result: ExportResult) => void,
  ): void {
    batch.attempt++;
    this.source
      .headers(batch.attempt)
      .then(
        (used) => this.send(spans, batch, used, resultCallback),
        (error: unknown) =>
          resultCallback({ code: ExportResultCode.FAILED, error: error as Error }),
      )
      // Only the caller's own callback can throw here; it must not become an unhandled rejection in the app.
      .catch(() => undefined);
  }

  private send(
    spans: ReadableSpan[],
    batch: BatchState,
    used: Record<string, string>,
    resultCallback: (result: ExportResult) => void,
  ): void {
    try {
      // The source's headers win over the fixed ones, as over OTLP/HTTP (and `authorization` is never doubled,
      // which grpc-js would refuse).
      this.current = this.toMetadata({ ...this.fixed, ...used });
    } catch (error) {
      return resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
    let answered = false;
    try {
      this.inner.export(spans, (result) => {
        answered = true;
        this.settle(spans, batch, used, result, resultCallback);
      });
    } catch (error) {
      // An exporter that throws instead of calling back failed this attempt.
      if (!answered) resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  private settle(
    spans: ReadableSpan[],
    batch: BatchState,
    used: Record<string, string>,
    result: ExportResult,
    resultCallback: (result: ExportResult) => void,
  ): void {
    const code = (result.error as { code?: unknown } | undefined)?.code;
    const status = typeof code === 'number' ? REFUSED[code] : undefined;
    if (result.code === ExportResultCode.SUCCESS || status === undefined || batch.reauthorized)
      return resultCallback(result);
    // Credentials revoked or rotated early: one fresh set and one more attempt, then the usual failure.
    batch.reauthorized = true;
    this.source.refused(used);
    this.diag.warnOnce(
      `auth-refused:grpc-${String(code)}`,
      `${this.target} refused the credentials (gRPC ${status}); fetching new ones and retrying once`,
    );
    this.attempt(spans, batch, resultCallback);
  }
}
