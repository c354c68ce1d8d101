import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EncodingSpanExporter, SpanRequest } from '@otelkit/export';
import type { Diagnostics } from '../internal-types';

/**
 * Wraps the real exporter so that a collector that is down or slow costs the app one warning per interval, with the
 * endpoint, the cause and how many spans were lost so far — never a stack per span. Exports run with tracing
 * suppressed so the exporter's own HTTP request is never traced. Counting is the batch processor's job.
 */
export class ReportingExporter implements EncodingSpanExporter {
  /** Errors this exporter already reported; the batch processor hands them to the global error handler again. */
  private readonly reported = new WeakSet<object>();
  /** What the last export said about the collector, for the one-line reports on a change. */
  private delivery: 'unknown' | 'working' | 'failing' = 'unknown';
  /** This exporter's lines name the cause of a failed export, so the processor does not report it again. */
  readonly reportsFailures = true;
  /** The total of undelivered spans the last printed line stated, so the exit summary can skip a repeat. */
  reportedLoss: number | undefined;

  constructor(
    private readonly inner: SpanExporter,
    private readonly target: string,
    private readonly diag: Diagnostics,
    /** Spans lost for good since start, read from the processor's totals. */
    private readonly undelivered: () => number,
  ) {}

  /** The inner exporter's mean encoded span size, which the batch processor uses to bound its queue by bytes. */
  get bytesPerSpan(): number | undefined {
    return (this.inner as { bytesPerSpan?: number }).bytesPerSpan;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.forward(spans.length, resultCallback, (done) => this.inner.export(spans, done));
  }

  /** The inner exporter's incremental requests (see `EncodingSpanExporter`), when it builds them. */
  openRequest(): SpanRequest | undefined {
    return (this.inner as Partial<EncodingSpanExporter>).openRequest?.();
  }

  exportRequest(request: SpanRequest, resultCallback: (result: ExportResult) => void): void {
    const inner = this.inner as EncodingSpanExporter;
    this.forward(request.count, resultCallback, (done) => inner.exportRequest(request, done));
  }

  stopRetrying(): void {
    (this.inner as Partial<EncodingSpanExporter>).stopRetrying?.();
  }

  /** Runs one export with tracing suppressed and reports its failure after the processor counted it. */
  private forward(
    count: number,
    resultCallback: (result: ExportResult) => void,
    call: (done: (result: ExportResult) => void) => void,
  ): void {
    const done = (result: ExportResult) => {
      try {
        resultCallback(result);
      } finally {
        // After the callback: the processor has counted this batch, so the total in the warning includes it.
        if (result.code !== ExportResultCode.SUCCESS) this.reportFailure(count, result.error);
        else if (this.delivery !== 'working') this.reportDelivery(count);
      }
    };
    try {
      context.with(suppressTracing(context.active()), () => call(done));
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  wasReported(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.reported.has(error);
  }

  /**
   * The first delivery, and the first after a failure, each get one line: "is tracing working?" is answered in the
   * app's own log, without a debug level.
   */
  private reportDelivery(count: number): void {
    const again = this.delivery === 'failing';
    this.delivery = 'working';
    if (!again) {
      this.diag.info(`first spans delivered to ${this.target} (${count} spans)`);
      return;
    }
    const lost = this.undelivered();
    const printed = this.diag.info(
      `export to ${this.target} works again (${count} spans delivered); ${lost} spans not delivered since start`,
    );
    // Hidden by the log level, the line told nobody anything: the exit summary must still say it.
    if (printed) this.reportedLoss = lost;
  }

  private reportFailure(count: number, error: Error | undefined): void {
    this.delivery = 'failing';
    if (error && typeof error === 'object') this.reported.add(error);
    // The line names the endpoint already: an OtlpExportError's `reason` is the cause without it.
    const cause =
      (error as { reason?: string } | undefined)?.reason ?? error?.message ?? 'unknown error';
    const lost = this.undelivered();
    const printed = this.diag.warnOnce(
      'export-failed',
      `could not export ${count} spans to ${this.target}: ${cause}; ${lost} spans not delivered since start`,
    );
    if (printed) this.reportedLoss = lost;
  }
}
