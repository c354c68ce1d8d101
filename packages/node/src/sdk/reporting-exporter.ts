import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Diagnostics } from '../internal-types';
import type { ExportStats } from '../types';

/**
 * Wraps the real exporter so that a collector that is down or slow costs the app one warning per interval, with the
 * endpoint and the cause, and a running count of spans that could not be delivered — never a stack per span. Exports run
 * with tracing suppressed so the exporter's own HTTP request is never traced.
 */
export class ReportingExporter implements SpanExporter {
  readonly stats: ExportStats = { ended: 0, exported: 0, failed: 0, failedRequests: 0 };
  /** Errors this exporter already reported; the batch processor hands them to the global error handler again. */
  private readonly reported = new WeakSet<object>();

  constructor(
    private readonly inner: SpanExporter,
    private readonly target: string,
    private readonly diag: Diagnostics,
  ) {}

  /** The inner exporter's mean encoded span size, which the batch processor uses to bound its queue by bytes. */
  get bytesPerSpan(): number | undefined {
    return (this.inner as { bytesPerSpan?: number }).bytesPerSpan;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const done = (result: ExportResult) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.stats.exported += spans.length;
      } else {
        this.recordFailure(spans.length, result.error);
      }
      resultCallback(result);
    };
    try {
      context.with(suppressTracing(context.active()), () => this.inner.export(spans, done));
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

  /** One line on what never arrived, or undefined when everything did. */
  lossSummary(): string | undefined {
    const { ended, exported, failed } = this.stats;
    const lost = ended - exported;
    if (lost <= 0) return undefined;
    return (
      `${lost} spans could not be delivered to ${this.target} since start ` +
      `(of ${ended}: ${failed} in failed exports, ${lost - failed} dropped by a full queue or unsent at exit)`
    );
  }

  private recordFailure(count: number, error: Error | undefined): void {
    this.stats.failed += count;
    this.stats.failedRequests++;
    if (error && typeof error === 'object') this.reported.add(error);
    const cause = error?.message ?? 'unknown error';
    this.diag.warnOnce(
      'export-failed',
      `could not export ${count} spans to ${this.target}: ${cause}; ${this.stats.failed} spans not delivered since start`,
    );
  }
}
