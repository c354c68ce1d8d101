export { OtlpHttpSpanExporter, OtlpExportError } from './otlp-http-exporter';
export { OtelkitBatchSpanProcessor } from './processor/batch-span-processor';
export { RetryingSpanExporter } from './retrying-exporter';
export { isEncodingSpanExporter } from './encoding-span-exporter';
export {
  ENCODED_BATCH_SIZE,
  MIN_ENCODED_SPAN_BYTES,
  resolveProcessorConfig,
  processorEnv,
} from './config/resolve-processor';
export { describeDrops } from './processor/drop-report';
export { reportExportEvents } from './report/report-export-events';
export { describeCredentials, exporterTarget } from './report/exporter-target';
export { ProtobufSpanEncoder } from './proto/protobuf-encoder';
export { JsonSpanEncoder } from './json/json-encoder';
export {
  resolveExporterConfig,
  exporterEnv,
  exporterDefaults,
  exporterLimits,
} from './config/resolve-exporter';
export { MAX_DELAY_MILLIS } from './config/limits';
export { tlsEnv } from './config/resolve-tls';
export { authEnv, checkAuthOption, loadHeaderSource } from './config/resolve-auth';
export type { AuthContext } from './auth/auth-context';
export type { HeaderSource } from './auth/header-source';
export { checkProxyOption, proxyEnv, proxyFor } from './config/resolve-proxy';
export { agentFor } from './http/proxy/agent-for';
export type { ProxiedAgentOptions } from './http/proxy/agent-for';
export { checkTlsMaterial, loadTlsMaterial } from './http/load-tls-material';
export { parseRetryAfter, backoffMillis, MAX_RETRY_AFTER_MILLIS } from './http/retry-policy';
export { MAX_RESPONSE_BYTES } from './http/post';
export type {
  BatchProcessorOptions,
  BatchProcessorStats,
  DropReason,
  EncodingSpanExporter,
  ExportEvent,
  ExportEventListener,
  ExportEventReporter,
  ExportReporterOptions,
  OtlpAuthOptions,
  OtlpExporterOptions,
  OtlpHeadersContext,
  OtlpHeadersFunction,
  OtlpHeadersResult,
  OtlpExportResult,
  OtlpHttpExporterOptions,
  OtlpHttpProtocol,
  OtlpProtocol,
  OtlpTlsMaterial,
  OtlpTlsOptions,
  ProcessorSetup,
  Resolution,
  ResolvedAuth,
  ResolvedExporterConfig,
  ResolvedProcessorConfig,
  ResolvedProxy,
  RetryingExporterOptions,
  RetryOptions,
  RetrySettings,
  SpanRequest,
  TlsSource,
  TlsSources,
} from './types';
