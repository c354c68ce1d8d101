export { OtlpHttpSpanExporter, OtlpExportError } from './otlp-http-exporter';
export { OtelkitBatchSpanProcessor } from './processor/batch-span-processor';
export { RetryingSpanExporter } from './retrying-exporter';
export {
  ENCODED_BATCH_SIZE,
  resolveProcessorConfig,
  processorEnv,
} from './config/resolve-processor';
export { describeDrops } from './processor/drop-report';
export { ProtobufSpanEncoder } from './proto/protobuf-encoder';
export { JsonSpanEncoder } from './json/json-encoder';
export { resolveExporterConfig, exporterEnv, exporterDefaults } from './config/resolve-exporter';
export { tlsEnv } from './config/resolve-tls';
export { readTlsMaterial } from './http/read-tls-material';
export { parseRetryAfter, backoffMillis } from './http/retry-policy';
export type {
  BatchProcessorOptions,
  BatchProcessorStats,
  DropReason,
  EncodingSpanExporter,
  OtlpHttpExporterOptions,
  OtlpHttpProtocol,
  OtlpTlsMaterial,
  OtlpTlsOptions,
  RetryingExporterOptions,
  RetryOptions,
  SpanRequest,
} from './types';
