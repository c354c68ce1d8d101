import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '../otlp-http-exporter';

/** The target of an exporter the processor was handed: its URL when otelkit's, else its class name. */
export function describeExporter(exporter: SpanExporter): string {
  if (exporter instanceof OtlpHttpSpanExporter) return exporter.target;
  const name = exporter.constructor?.name;
  return name && name !== 'Object' ? name : 'the exporter';
}
