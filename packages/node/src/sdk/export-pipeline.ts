import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtelkitBatchSpanProcessor } from '@otelkit/export';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import type { ExportStats } from '../types';
import { createBatchProcessor } from './create-batch-processor';
import { describeLoss, droppedSpans, toExportStats } from './export-stats';
import { ReportingExporter } from './reporting-exporter';

/** The batch processor and the exporter it feeds. Every count comes from the processor's own totals. */
export interface ExportPipeline {
  /** Goes straight into the provider (or a sampling wrapper): nothing sits between it and the spans. */
  processor: OtelkitBatchSpanProcessor;
  /** True for an error the exporter already reported, so the global error handler does not print it again. */
  wasReported(error: unknown): boolean;
  stats(): ExportStats;
  /** One line on what never arrived, or undefined when everything did. */
  lossSummary(): string | undefined;
  /** lossSummary(), unless the last export line already stated that same total (the usual exit after a failure). */
  exitSummary(): string | undefined;
}

/** Wires `exporter` (described as `target` in diagnostics) behind otelkit's batch processor. */
export function createExportPipeline(
  made: { exporter: SpanExporter; target: string },
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): ExportPipeline {
  const { target } = made;
  // The processor needs the exporter first; the exporter reads the processor's totals only after an export failed.
  const exporter = new ReportingExporter(made.exporter, target, diag, () =>
    droppedSpans(processor.stats()),
  );
  const processor = createBatchProcessor(exporter, config, env, diag);
  const stats = () => toExportStats(processor.stats());
  return {
    processor,
    wasReported: (error) => exporter.wasReported(error),
    stats,
    lossSummary: () => describeLoss(stats(), target),
    exitSummary: () => describeLoss(stats(), target, exporter.reportedLoss),
  };
}
