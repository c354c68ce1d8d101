import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExitSendingExporter } from './internal-types';
import type { EncodingSpanExporter } from './types';

/**
 * True when `exporter` declares the processor↔exporter contract (see EncodingSpanExporter). Checked once, when the
 * processor is made; the processor then calls the declared methods directly.
 */
export function isEncodingSpanExporter(exporter: SpanExporter): exporter is EncodingSpanExporter {
  const candidate: Partial<EncodingSpanExporter> = exporter;
  return (
    typeof candidate.openRequest === 'function' &&
    typeof candidate.exportRequest === 'function' &&
    typeof candidate.stopRetrying === 'function' &&
    typeof candidate.bytesPerSpan === 'number'
  );
}

/** True when `exporter` can send what is left while the process exits (see ExitSendingExporter). */
export function canSendAtExit(
  exporter: SpanExporter,
): exporter is SpanExporter & ExitSendingExporter {
  return 'sendAtExit' in exporter && typeof exporter.sendAtExit === 'function';
}
