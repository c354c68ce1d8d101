import type { MeterProvider } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export type OtlpHttpProtocol = 'http/protobuf' | 'http/json';

/** Retry of transient failures (429, 502, 503, 504, resets, refused connections, timeouts). */
export interface RetryOptions {
  /** Attempts per export including the first. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry. Default 1000 ms. */
  initialBackoffMillis?: number;
  /** Upper bound of one backoff delay (a Retry-After header is honoured beyond it). Default 5000 ms. */
  maxBackoffMillis?: number;
  /** Growth factor between retries. Default 1.5. */
  multiplier?: number;
}

export interface RetryingExporterOptions {
  /**
   * Whether a failed attempt's error is transient and worth another attempt (for OTLP/gRPC: the status
   * codes the OTLP spec lists as retryable). Required.
   */
  retryable: (error: unknown) => boolean;
  /** Attempts and backoff. Default: 5 attempts, 1 s first backoff growing 1.5× up to 5 s, ±20% jitter. */
  retry?: RetryOptions;
}

export interface OtlpHttpExporterOptions {
  /** Full traces URL. Default: env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, http://localhost:4318/v1/traces. */
  url?: string;
  /** Extra request headers. Default: env OTEL_EXPORTER_OTLP_TRACES_HEADERS / OTEL_EXPORTER_OTLP_HEADERS (`k=v,k2=v2`). */
  headers?: Record<string, string>;
  /** Per-attempt timeout. Default: env OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT, else 10000 ms. */
  timeoutMillis?: number;
  /** Body compression, done off the event loop. Default: env OTEL_EXPORTER_OTLP_TRACES_COMPRESSION / OTEL_EXPORTER_OTLP_COMPRESSION, else 'none'. */
  compression?: 'gzip' | 'none';
  /** Wire format. Default: env OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/protobuf'. */
  protocol?: OtlpHttpProtocol;
  retry?: RetryOptions;
  /** Keep-alive sockets to the collector. Default 4. */
  maxConcurrentRequests?: number;
  /** TLS material for an https collector; each piece given here wins over its env variable. */
  tls?: OtlpTlsOptions;
  /** Where self-telemetry goes. Default: the global meter provider at construction. */
  meterProvider?: MeterProvider;
}

/**
 * PEM text, as Node's TLS takes it. From env, each variable names a file that is read once, when the
 * exporter is made; an unreadable file is reported in one line and left out.
 */
export interface OtlpTlsOptions {
  /**
   * CA certificates to trust for the collector's certificate, instead of Node's bundled ones (to add to
   * those, use NODE_EXTRA_CA_CERTS). Default: the file named by env OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE /
   * OTEL_EXPORTER_OTLP_CERTIFICATE, else Node's.
   */
  ca?: string | Buffer;
  /**
   * Client certificate chain for mutual TLS, with `key`. Default: the file named by env
   * OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE / OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE, else none.
   */
  cert?: string | Buffer;
  /**
   * Client private key for mutual TLS, with `cert`. Default: the file named by env
   * OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY / OTEL_EXPORTER_OTLP_CLIENT_KEY, else none.
   */
  key?: string | Buffer;
}

/** TLS material that was read and that Node's TLS accepts, PEM text, ready for a TLS client. */
export interface OtlpTlsMaterial {
  /** CAs to trust instead of Node's bundled ones; absent: Node's. */
  ca?: string | Buffer;
  /** Client certificate chain (mutual TLS); present only with `key`. */
  cert?: string | Buffer;
  /** Client private key (mutual TLS); present only with `cert`. */
  key?: string | Buffer;
}

export interface BatchProcessorOptions {
  /**
   * Spans held at most; beyond it a new span is dropped (counted), except an ERROR span, which takes the
   * place of the oldest queued span without ERROR status. Default: env OTEL_BSP_MAX_QUEUE_SIZE, else 4096.
   */
  maxQueueSize?: number;
  /** Memory queued spans may hold: their encoded bytes when the exporter builds requests as spans end (`EncodingSpanExporter`), else per span the mean encoded size of recent batches plus ~800 bytes of SDK objects. Default: env OTELKIT_BSP_MAX_QUEUE_BYTES, else 8 MiB. */
  maxQueueBytes?: number;
  /**
   * Spans per export request. Default: env OTEL_BSP_MAX_EXPORT_BATCH_SIZE, else 512 for an exporter
   * that takes SDK spans, and 2048 for one that encodes spans as they end (`OtlpHttpSpanExporter`,
   * http/protobuf), whose requests also close at 1 MiB of encoded spans.
   */
  maxExportBatchSize?: number;
  /** Longest a span waits before a partial batch is sent. Default: env OTEL_BSP_SCHEDULE_DELAY, else 1000 ms. */
  scheduledDelayMillis?: number;
  /** Longest one export may take before its spans count as failed. Default: env OTEL_BSP_EXPORT_TIMEOUT, else 30000 ms. */
  exportTimeoutMillis?: number;
  /** Exports in flight at once. Default: env OTELKIT_BSP_MAX_CONCURRENT_EXPORTS, else 4. */
  maxConcurrentExports?: number;
  /** Where self-telemetry goes. Default: the global meter provider at construction. */
  meterProvider?: MeterProvider;
  /** Receives the drop summary (at most one line a minute) and bad env values. Default: console.warn. */
  onWarning?: (message: string) => void;
}

/** Why spans were dropped; the `error.type` of `otel.sdk.processor.span.processed`. */
export type DropReason =
  | 'queue_full'
  | 'bytes_limit'
  | 'already_shutdown'
  | 'export_failed'
  | 'export_timeout'
  | 'shutdown_timeout';

/**
 * A request being built span by span (see `EncodingSpanExporter`): each span is encoded when added, so the
 * processor need not keep the span object until its batch leaves.
 */
export interface SpanRequest {
  /** Spans added so far. */
  readonly count: number;
  /** Encoded bytes of those spans. */
  readonly bytes: number;
  /**
   * Removes the oldest span added that does not have ERROR status (to make room for an ERROR span);
   * false when there is none.
   */
  dropOldestNonError(): boolean;
  /** Encodes `span` into the request now; if that throws, the request is left as it was before the call. */
  add(span: ReadableSpan): void;
  /** Promises of resources still detecting async attributes; the request is sent once they settle. */
  settling(): Array<Promise<void>> | undefined;
}

/**
 * An exporter that can take spans as they end: the batch processor adds each span to an open request
 * (encoding it at once) and sends the request when it holds a batch. `OtlpHttpSpanExporter` is one for
 * http/protobuf; any other exporter gets whole batches through `export()`.
 */
export interface EncodingSpanExporter extends SpanExporter {
  /** A new empty request, or undefined when this exporter does not build requests incrementally. */
  openRequest(): SpanRequest | undefined;
  /** Sends a request from `openRequest` (with retries) and calls back once, like `export()`. */
  exportRequest(request: SpanRequest, resultCallback: (result: ExportResult) => void): void;
  /**
   * Called as the processor shuts down: from then on every export gets one attempt, and one waiting to
   * retry gives up, so a collector that is down does not hold the app's exit through backoff. What
   * fails is counted like any failed export.
   */
  stopRetrying?(): void;
  /**
   * True when the exporter reports its own failed exports (with their cause): the processor then keeps
   * its drop summary for the spans it loses itself (full queue, timeouts, shutdown), so one failure is
   * not reported twice. The spans are counted either way.
   */
  readonly reportsFailures?: boolean;
}

/** Running totals kept by the processor (also reported as metrics). */
export interface BatchProcessorStats {
  /** Spans accepted into the queue. */
  queued: number;
  /** Spans the exporter reported as delivered. */
  exported: number;
  /** Spans lost, by reason. */
  dropped: Record<DropReason, number>;
  /** Export calls that failed. */
  failedExports: number;
  /** Spans waiting in the queue right now. */
  queueSize: number;
  /** Exports in flight right now. */
  inFlight: number;
  /**
   * Spans in the exports in flight right now: taken from the queue, outcome not known yet. Every
   * queued span is exported, dropped after queueing, in flight or still queued.
   */
  inFlightSpans: number;
}
