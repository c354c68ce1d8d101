import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OtelkitBatchSpanProcessor, reportExportEvents } from '@otelkit/export';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import type { ExportStats } from '../types';
import { describeLoss, droppedSpans, toExportStats } from './export-stats';

/** The batch processor and the exporter it feeds. Every count comes from the processor's own totals. */
export interface ExportPipeline {
  /** Goes straight into the provider (or a sampling wrapper): nothing sits between it and the spans. */
  processor: OtelkitBatchSpanProcessor;
  /** True for an error an export line already covered, so the global error handler does not print it again. */
  wasReported(error: unknown): boolean;
  stats(): ExportStats;
  /** One line on what never arrived, or undefined when everything did. */
  lossSummary(): string | undefined;
  /** lossSummary(), unless the last export line already stated that same total (the usual exit after a failure). */
  exitSummary(): string | undefined;
}

/**
 * Puts `exporter` (described as `target` in lines) behind otelkit's batch processor, with the settings
 * @otelkit/export resolved. The processor runs exports with tracing suppressed and reports every delivery, drop and
 * failure to @otelkit/export's reporter, which prints them through `diag`.
 */
export function createExportPipeline(
  made: { exporter: SpanExporter; target: string },
  config: ResolvedConfig,
  diag: Diagnostics,
): ExportPipeline {
  const { target } = made;
  // The reporter reads the processor's totals only once an event came, after the processor exists.
  const reporter = reportExportEvents({
    diagnostics: diag,
    target,
    undelivered: () => droppedSpans(processor.stats()),
  });
  const processor = OtelkitBatchSpanProcessor.fromConfig(made.exporter, config.processorConfig, {
    onEvent: reporter,
    diagnostics: diag,
  });
  const stats = () => toExportStats(processor.stats());
  return {
    processor,
    wasReported: reporter.wasReported,
    stats,
    lossSummary: () => describeLoss(stats(), target),
    exitSummary: () => describeLoss(stats(), target, reporter.reportedLoss()),
  };
}
