/** The outcome of one POST: an HTTP status (0 when no answer came) and what came with it. */
export interface AttemptResult {
  status: number;
  retryAfter?: string;
  body?: Buffer;
  error?: Error;
}

export interface RetrySettings {
  maxAttempts: number;
  initialBackoffMillis: number;
  maxBackoffMillis: number;
  multiplier: number;
}

/** Exporter settings after code options, env and defaults were merged. */
export interface ResolvedExporterConfig {
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  protocol: 'http/protobuf' | 'http/json';
  retry: RetrySettings;
  maxConcurrentRequests: number;
  /** Where each piece of TLS material comes from; read once by the exporter (see loadTls). */
  tls: TlsSources;
}

/** A PEM given in code (`option` names it, e.g. 'tls.ca'), or the env variable naming the file that holds it. */
export type TlsSource = { pem: string | Buffer; option: string } | { env: string; path: string };

export interface TlsSources {
  ca?: TlsSource;
  cert?: TlsSource;
  key?: TlsSource;
}

/** Processor settings after code options, env and defaults were merged. */
export interface ResolvedProcessorConfig {
  maxQueueSize: number;
  maxQueueBytes: number;
  /** Spans per batch handed to an exporter's `export()`. */
  maxExportBatchSize: number;
  /** Spans per request when the exporter encodes spans as they end: maxExportBatchSize when set. */
  encodedBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  maxConcurrentExports: number;
}

/** Prints one prefixed line; the caller rate-limits. */
export type Warn = (message: string) => void;

/** A scope as newer SDKs shape it: attributes are optional and absent from core 2.x's type. */
export interface ScopeWithAttributes {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: Record<string, unknown>;
  droppedAttributesCount?: number;
}
