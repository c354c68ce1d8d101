import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ReceivedSpan } from '@otelkit/testing';

/** Exports once and resolves with the exporter's result. */
export function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

export async function exportOk(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  const result = await exportOnce(exporter, spans);
  if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('export failed');
}

/** Received spans in a stable order, for whole-content comparison. */
export function sorted(spans: ReceivedSpan[]): ReceivedSpan[] {
  return [...spans].sort((a, b) => (a.spanId + a.traceId < b.spanId + b.traceId ? -1 : 1));
}
