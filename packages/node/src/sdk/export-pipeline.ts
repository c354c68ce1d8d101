import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OtelkitBatchSpanProcessor, reportExportEvents } from '@otelkit/export/distro';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import type { ExportStats } from '../types';
import { ServingPhase } from '../lifecycle/serving-phase';
import { ContextLoss } from '../trace-shape/context-loss';
import { TraceShapeProcessor } from '../trace-shape/trace-shape-processor';

// Required with the first stats or loss line (issue 19: start-up is paid per module loaded).
const exportStats = () => require('./export-stats') as typeof import('./export-stats');

/** The batch processor and the exporter it feeds. Every count comes from the processor's own totals. */
export interface ExportPipeline {
  /** The batch processor, for the exit hooks (abandon). */
  processor: OtelkitBatchSpanProcessor;
  /**
   * The exit hooks' synchronous flush at `exit`: held start-up spans of a process that never served go to the batch
   * processor first (that flush bypasses the span processors' shutdown), then what is queued is sent within `millis`.
   */
  flushAtExit(millis: number): void;
  /**
   * What goes into the provider: quiet start-up and the context-loss count in front of `wrap(processor)` (the
   * sampling wrapper), so start-up traces never reach a tail sampler's buffer.
   */
  spanProcessor: SpanProcessor;
  /** True for an error an export line already covered, so the global error handler does not print it again. */
  wasReported(error: unknown): boolean;
  /** The handle's stats but for `untracedLibraries`, which start-sdk adds. */
  stats(): Omit<ExportStats, 'untracedLibraries'>;
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
  wrap?: (next: SpanProcessor) => SpanProcessor,
): ExportPipeline {
  const { target } = made;
  // The reporter reads the processor's totals only once an event came, after the processor exists.
  const reporter = reportExportEvents({
    diagnostics: diag,
    target,
    undelivered: () => exportStats().droppedSpans(processor.stats()),
  });
  const processor = OtelkitBatchSpanProcessor.fromConfig(made.exporter, config.processorConfig, {
    onEvent: reporter,
    diagnostics: diag,
  });
  const loss = new ContextLoss(diag, config.contextLossIntervalMillis);
  const shape = new TraceShapeProcessor(
    wrap ? wrap(processor) : processor,
    new ServingPhase(),
    loss,
    diag,
    { exportStartup: config.exportStartupSpans, windowMillis: config.startupWindowMillis },
  );
  const exported = () => exportStats().toExportStats(processor.stats());
  const stats = (): Omit<ExportStats, 'untracedLibraries'> => ({
    ...exported(),
    startup: shape.stats(),
    contextLoss: loss.stats(),
  });
  return {
    processor,
    spanProcessor: shape,
    flushAtExit: (millis) => {
      shape.treatAsJob('before exit');
      processor.flushAtExit(millis);
    },
    wasReported: reporter.wasReported,
    stats,
    lossSummary: () => exportStats().describeLoss(exported(), target),
    exitSummary: () => exportStats().describeLoss(exported(), target, reporter.reportedLoss()),
  };
}
