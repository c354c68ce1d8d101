// Sends spans through the upstream OTLP exporters so receiver tests decode real encoder output.
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export type Wire = { format: 'protobuf' | 'json'; gzip: boolean };

export const WIRES: Wire[] = [
  { format: 'protobuf', gzip: false },
  { format: 'protobuf', gzip: true },
  { format: 'json', gzip: false },
  { format: 'json', gzip: true },
];

type ExporterConfig = NonNullable<ConstructorParameters<typeof ProtoExporter>[0]>;

export function makeExporter(url: string, wire: Wire): ProtoExporter | JsonExporter {
  const config: ExporterConfig = {
    url,
    compression: (wire.gzip ? 'gzip' : 'none') as ExporterConfig['compression'],
  };
  return wire.format === 'json' ? new JsonExporter(config) : new ProtoExporter(config);
}

/** Resolves with the exporter's result code (0 = success) and its error, if any. */
export async function exportSpans(
  url: string,
  wire: Wire,
  spans: ReadableSpan[],
): Promise<{ code: number; error?: Error }> {
  const exporter = makeExporter(url, wire);
  try {
    return await new Promise((resolve) => exporter.export(spans, resolve));
  } finally {
    await exporter.shutdown();
  }
}
