// Sends spans through the upstream OTLP/gRPC exporter, so the gRPC receiver is tested against
// what real applications send.
import * as path from 'node:path';
import type { ChannelCredentials, Metadata } from '@grpc/grpc-js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

// The gRPC exporter is a dependency of @otelkit/node, not of this package; resolve it from there.
const NODE_PACKAGE = path.resolve(__dirname, '..', '..', '..', 'node');

export interface GrpcExporterConfig {
  url?: string;
  credentials?: ChannelCredentials;
  metadata?: Metadata;
  compression?: 'gzip' | 'none';
  timeoutMillis?: number;
}

export interface ExportOutcome {
  code: number;
  error?: Error & { code?: number; details?: string };
}

export interface GrpcExporter {
  export(spans: ReadableSpan[], done: (result: ExportOutcome) => void): void;
  shutdown(): Promise<void>;
}

export function makeGrpcExporter(config: GrpcExporterConfig = {}): GrpcExporter {
  const file = require.resolve('@opentelemetry/exporter-trace-otlp-grpc', {
    paths: [NODE_PACKAGE],
  });
  const { OTLPTraceExporter } = require(file);
  return new OTLPTraceExporter(config);
}

export function exportWith(exporter: GrpcExporter, spans: ReadableSpan[]): Promise<ExportOutcome> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** One export through a fresh exporter: the exporter's result code (0 = success) and error. */
export async function exportOverGrpc(
  config: GrpcExporterConfig,
  spans: ReadableSpan[],
): Promise<ExportOutcome> {
  const exporter = makeGrpcExporter(config);
  try {
    return await exportWith(exporter, spans);
  } finally {
    await exporter.shutdown();
  }
}
