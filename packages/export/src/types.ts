import type { MeterProvider } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Diagnostics } from '@otelkit/core';

export type OtlpHttpProtocol = 'http/protobuf' | 'http/json';

/** Every OTLP wire protocol a setting may name; `OtlpHttpSpanExporter` speaks the HTTP ones. */
export type OtlpProtocol = OtlpHttpProtocol | 'grpc';

/** Retry of transient failures (429, 502, 503, 504, resets, refused connections, timeouts). */
export interface RetryOptions {
  /** Attempts per export including the first, 1 to 100. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry, 0 to 600000 ms. Default 1000 ms. */
  initialBackoffMillis?: number;
  /** Upper bound of one backoff delay (a Retry-After header is honoured beyond it), 0 to 600000 ms. Default 5000 ms. */
  maxBackoffMillis?: number;
  /** Growth factor between retries, 1 to 100. Default 1.5. */
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

/**
 * The settings of an OTLP trace exporter, whatever its transport: what `resolveExporterConfig` merges with the
 * `OTEL_EXPORTER_OTLP_*` variables (code wins). A bad value throws a TypeError naming the option.
 */
export interface OtlpExporterOptions {
  /**
   * Full traces URL, used as is. Default: env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else `endpoint` / env
   * OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces` (gRPC: as is), else http://localhost:4318/v1/traces (gRPC:
   * http://localhost:4317).
   */
  url?: string;
  /** Base endpoint; `/v1/traces` is appended for the HTTP protocols. Default: env OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint?: string;
  /**
   * Extra request headers (names lower-cased). Default: env OTEL_EXPORTER_OTLP_HEADERS merged key by key with
   * OTEL_EXPORTER_OTLP_TRACES_HEADERS (`k=v,k2=v2`, percent-encoded; the traces-specific value of a key wins; a
   * malformed entry is skipped). Values are never printed. A function (sync or async) is called before each export
   * attempt instead (see OtlpHeadersFunction); with it, the env headers are not sent.
   */
  headers?: Record<string, string> | OtlpHeadersFunction;
  /**
   * A built-in credential provider whose `authorization: Bearer …` header goes with every export attempt, refreshed
   * before it expires and once more when the collector answers 401 or 403. Default: env OTELKIT_EXPORTER_AUTH
   * (`gcp-id-token`, `oauth2`, `bearer-file:/path`, `none`), else none.
   */
  auth?: OtlpAuthOptions;
  /** Per-attempt timeout, 1 to 600000 ms. Default: env OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT, else 10000 ms. */
  timeoutMillis?: number;
  /** Body compression, done off the event loop. Default: env OTEL_EXPORTER_OTLP_TRACES_COMPRESSION / OTEL_EXPORTER_OTLP_COMPRESSION, else 'none'. */
  compression?: 'gzip' | 'none';
  /** Wire format. Default: env OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/protobuf'. */
  protocol?: OtlpProtocol;
  retry?: RetryOptions;
  /** Keep-alive sockets to the collector, 1 to 256. Default 4. */
  maxConcurrentRequests?: number;
  /** TLS material for an https collector; each piece given here wins over its env variable. */
  tls?: OtlpTlsOptions;
  /**
   * The proxy to reach the collector through: `'off'` (direct, whatever the environment says) or an `http://` or
   * `https://` proxy URL (credentials as userinfo, sent as Proxy-Authorization: Basic, never printed). NO_PROXY
   * applies either way. Default: env OTELKIT_EXPORTER_PROXY (same values), else https_proxy / HTTPS_PROXY for an
   * https collector and http_proxy / HTTP_PROXY for an http one (lowercase first), else direct.
   */
  proxy?: string;
}

export interface OtlpHttpExporterOptions extends Omit<OtlpExporterOptions, 'protocol'> {
  /** Wire format. Default: env OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/protobuf' (env `grpc` is reported and replaced by it). */
  protocol?: OtlpHttpProtocol;
  /** Where self-telemetry goes. Default: the global meter provider at construction. */
  meterProvider?: MeterProvider;
  /** Where bad env values and unusable TLS files are reported. Default: the process-wide otelkit channel (stderr). */
  diagnostics?: Diagnostics;
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
   * Spans held at most, 1 to 1000000; beyond it a new span is dropped (counted), except an ERROR span, which
   * takes the place of the oldest queued span without ERROR status. The queue's memory grows with use: a large
   * bound costs nothing until spans fill it. Default: env OTEL_BSP_MAX_QUEUE_SIZE, else 4096.
   */
  maxQueueSize?: number;
  /** Memory queued spans may hold, 1024 bytes to 1 GiB: their encoded bytes when the exporter builds requests as spans end (`EncodingSpanExporter`), else per span the mean encoded size of recent batches plus ~800 bytes of SDK objects. Default: env OTELKIT_BSP_MAX_QUEUE_BYTES, else 8 MiB. */
  maxQueueBytes?: number;
  /**
   * Spans per export request, 1 to 1000000 (at most the queue size). Default: env
   * OTEL_BSP_MAX_EXPORT_BATCH_SIZE, else 512 for an exporter that takes SDK spans, and 2048 for one that
   * encodes spans as they end (`OtlpHttpSpanExporter`, http/protobuf), whose requests also close at 1 MiB of
   * encoded spans.
   */
  maxExportBatchSize?: number;
  /** Longest a span waits before a partial batch is sent, 0 to 600000 ms. Default: env OTEL_BSP_SCHEDULE_DELAY, else 1000 ms. */
  scheduledDelayMillis?: number;
  /** Longest one export may take before its spans count as failed, 1 to 600000 ms. Default: env OTEL_BSP_EXPORT_TIMEOUT, else 30000 ms. */
  exportTimeoutMillis?: number;
  /** Exports in flight at once, 1 to 64. Default: env OTELKIT_BSP_MAX_CONCURRENT_EXPORTS, else 4. */
  maxConcurrentExports?: number;
  /** Where self-telemetry goes. Default: the global meter provider at construction. */
  meterProvider?: MeterProvider;
  /**
   * Receives every delivery, drop and failed export as a typed event. Default: `reportExportEvents`, which
   * prints one line per distinct problem through `diagnostics`.
   */
  onEvent?: ExportEventListener;
  /** Where bad env values and the default event lines go. Default: the process-wide otelkit channel (stderr). */
  diagnostics?: Diagnostics;
  /**
   * @deprecated Use `diagnostics`. Receives each line (prefixed `@otelkit/export:`) instead of stderr: bad env
   * values, drops, failed exports.
   */
  onWarning?: (message: string) => void;
}

/** What `OtelkitBatchSpanProcessor.fromConfig` takes besides the exporter and the resolved settings. */
export interface ProcessorSetup {
  /** Receives deliveries, drops and failures. Default: `reportExportEvents` printing through `diagnostics`. */
  onEvent?: ExportEventListener;
  /** Where the default event lines go. Default: the process-wide otelkit channel. */
  diagnostics?: Diagnostics;
  /** Where self-telemetry goes. Default: the global meter provider at construction. */
  meterProvider?: MeterProvider;
}

/** Why spans were dropped; the `error.type` of `otel.sdk.processor.span.processed`. */
export type DropReason =
  | 'queue_full'
  | 'bytes_limit'
  | 'already_shutdown'
  | 'export_failed'
  | 'export_timeout'
  | 'shutdown_timeout'
  /** Refused by the collector in a request it otherwise accepted (OTLP partial_success). */
  | 'rejected';

/**
 * An export's result with what an OTLP collector refused of a request it accepted (`partial_success`). The
 * exporter passes it to the same result callback as any ExportResult, and the processor reads it with
 * `rejectedSpansOf`: the outcome belongs to the export it describes, so it travels with that export's callback
 * (on the batch path and the eager one alike, for any exporter, through wrappers that pass the result on), rather
 * than through a second channel of the EncodingSpanExporter contract that would have to be matched to the export.
 */
export interface OtlpExportResult extends ExportResult {
  /** Spans of this export the collector rejected, when it said so (only with SUCCESS). */
  rejectedSpans?: number;
  /** The collector's explanation of the rejection, as sent (untrusted: mask and cut before printing). */
  rejectionMessage?: string;
}

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
 * The contract between otelkit's batch processor and an exporter that declares it (checked once, at
 * construction, with `isEncodingSpanExporter`): requests built as spans end, span sizes for the byte bound, and
 * an end to retries at shutdown. `OtlpHttpSpanExporter` and `RetryingSpanExporter` are ones; any other exporter
 * gets whole batches through `export()`.
 */
export interface EncodingSpanExporter extends SpanExporter {
  /**
   * A new empty request the processor adds each span to as it ends (encoding it at once), or undefined when this
   * exporter takes whole batches through `export()` (http/json, gRPC).
   */
  openRequest(): SpanRequest | undefined;
  /**
   * Like `SpanExporter.export`, with a way to stop: once `signal` aborts (the processor gave up on the batch, past
   * its export timeout or at shutdown), the export ends now (its request destroyed, its buffers released, a retry
   * wait cut short) and calls back once, with a failure.
   */
  export(
    spans: ReadableSpan[],
    resultCallback: (result: ExportResult) => void,
    signal?: AbortSignal,
  ): void;
  /** Sends a request from `openRequest` (with retries) and calls back once, like `export()`, `signal` included. */
  exportRequest(
    request: SpanRequest,
    resultCallback: (result: ExportResult) => void,
    signal?: AbortSignal,
  ): void;
  /** Mean encoded bytes per span of the latest batch, 0 while unknown: the batch path bounds its queue by it. */
  readonly bytesPerSpan: number;
  /**
   * Called as the processor shuts down: from then on every export gets one attempt, and one waiting to
   * retry gives up, so a collector that is down does not hold the app's exit through backoff. What
   * fails is counted like any failed export.
   */
  stopRetrying(): void;
}

/**
 * What the batch processor tells its listener, once per outcome: a delivered export, spans dropped (with the
 * reason), or a failed export (with its cause). Counts are spans; every lost span is in exactly one event.
 */
export type ExportEvent =
  | { type: 'delivered'; spans: number }
  | {
      type: 'dropped';
      reason: DropReason;
      spans: number;
      /** For `rejected`: the spans of the request the collector answered, and its message (masked, cut). */
      of?: number;
      message?: string;
    }
  | {
      type: 'export-failed';
      spans: number;
      /** Why, without the URL (the reader names the target), credentials masked, cut to a few hundred characters. */
      cause: string;
      /** The exporter's error, when it gave one. */
      error?: Error;
    };

export type ExportEventListener = (event: ExportEvent) => void;

/** `reportExportEvents`' listener, with what an exit summary needs from it. */
export interface ExportEventReporter extends ExportEventListener {
  /** The undelivered-span total the last printed line stated, so an exit summary can skip a repeat. */
  reportedLoss(): number | undefined;
  /** True for an error a printed or counted failure line already covered (for a global error handler). */
  wasReported(error: unknown): boolean;
}

export interface ExportReporterOptions {
  diagnostics: Diagnostics;
  /** How lines name the destination: a redacted URL and the protocol, e.g. `http://c:4318/v1/traces (http/protobuf)`. */
  target: string;
  /** Spans lost for good since start, for the totals in the lines. */
  undelivered: () => number;
}

/** Retry settings after defaults were applied. */
export type RetrySettings = Required<RetryOptions>;

/** A PEM given in code (`option` names it, e.g. 'tls.ca'), or the env variable naming the file that holds it. */
export type TlsSource = { pem: string | Buffer; option: string } | { env: string; path: string };

/** Where each piece of TLS material comes from; read once, by the exporter or `loadTlsMaterial`. */
export interface TlsSources {
  ca?: TlsSource;
  cert?: TlsSource;
  key?: TlsSource;
}

/** What an `OtlpHeadersFunction` is told about the attempt it is called for. */
export interface OtlpHeadersContext {
  /** 1 for an export's first attempt, 2 for its first retry, … */
  attempt: number;
  /** True when the collector refused the headers last returned (HTTP 401 or 403): fetch fresh credentials. */
  refresh: boolean;
}

/**
 * The answer of an `OtlpHeadersFunction`: headers (names lower-cased when sent; values never printed), used for
 * that attempt only; or `{ headers, ttlMillis }`, reused for up to `ttlMillis` (0 to 600000 ms), or until the
 * collector answers 401/403.
 */
export type OtlpHeadersResult =
  Record<string, string> | { headers: Record<string, string>; ttlMillis: number };

/**
 * Headers computed before each export attempt. A throw, a rejection, an answer that is not headers, or no answer
 * within the exporter's timeout fails that attempt (retried with the usual backoff; one line if the export fails),
 * never the app.
 */
export type OtlpHeadersFunction = (
  context: OtlpHeadersContext,
) => OtlpHeadersResult | Promise<OtlpHeadersResult>;

/**
 * A built-in credential provider. Token requests run untraced, with the export's TLS material (its CA trusted next
 * to Node's, its client certificate), a timeout of the exporter's `timeoutMillis` and an answer capped at 64 KiB;
 * no token, secret or token-endpoint answer is ever printed.
 */
export type OtlpAuthOptions =
  /**
   * A Google ID token from the metadata server (GCE, Cloud Run, GKE; env GCE_METADATA_HOST overrides its address),
   * refreshed in the background before its `exp`. `audience` default: env OTELKIT_EXPORTER_AUTH_AUDIENCE, else the
   * traces URL's origin (what Cloud Run and IAP expect).
   */
  | { type: 'gcp-id-token'; audience?: string }
  /**
   * OAuth2 client credentials (RFC 6749 §4.4, the client id and secret in the form body): the access token is
   * reused until shortly before its `expires_in` (5 minutes without one). `clientSecretFile` is re-read at each
   * token request. Env OTELKIT_OAUTH2_TOKEN_URL, _CLIENT_ID, _CLIENT_SECRET or _CLIENT_SECRET_FILE, _SCOPES
   * (comma-separated), _AUDIENCE.
   */
  | {
      type: 'oauth2';
      tokenUrl: string;
      clientId: string;
      clientSecret?: string;
      clientSecretFile?: string;
      scopes?: string[];
      audience?: string;
    }
  /** A token file (a projected service-account token), re-read when its size, mtime or inode changes. */
  | { type: 'bearer-file'; path: string }
  | { type: 'none' };

/** A credential provider after code options and env were merged. Pure data. */
export type ResolvedAuth =
  | { type: 'gcp-id-token'; audience: string; metadataHost: string }
  | {
      type: 'oauth2';
      tokenUrl: string;
      clientId: string;
      clientSecret?: string;
      clientSecretFile?: string;
      scopes: string[];
      audience?: string;
    }
  | { type: 'bearer-file'; path: string };

/** Exporter settings after code options, env and defaults were merged (`resolveExporterConfig`). Pure data. */
export interface ResolvedExporterConfig {
  /** The traces URL: with `grpc` the endpoint as given, else the full OTLP/HTTP URL. */
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The `headers` option when it is a function: called before each attempt, its answer over `headers`. */
  headersFunction?: OtlpHeadersFunction;
  /** The credential provider, if any: its `authorization` wins over every other header. */
  auth?: ResolvedAuth;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  protocol: OtlpProtocol;
  retry: RetrySettings;
  maxConcurrentRequests: number;
  /** Files are only named here; they are read when the exporter is made. */
  tls: TlsSources;
  /** The proxy requests to `url` go through, decided once (see `proxyFor`); absent: direct. */
  proxy?: ResolvedProxy;
}

/** A proxy decision: which proxy, and where the setting came from. */
export interface ResolvedProxy {
  /** `http://` or `https://` proxy URL, credentials included: print it only through `redactUrl`. */
  url: string;
  /** The variable (`HTTPS_PROXY`, `OTELKIT_EXPORTER_PROXY`, …) or `option proxy`. */
  from: string;
}

/** Processor settings after code options, env and defaults were merged (`resolveProcessorConfig`). Pure data. */
export interface ResolvedProcessorConfig {
  /** Spans the queue holds when the exporter takes whole batches through `export()`. */
  maxQueueSize: number;
  /**
   * Spans the queue holds when the exporter encodes spans as they end: maxQueueSize when set, else sized from
   * maxQueueBytes (bytes / 200, from 4096 to 1000000), so the byte bound is what limits it.
   */
  encodedQueueSize: number;
  maxQueueBytes: number;
  /** Spans per batch handed to an exporter's `export()`. */
  maxExportBatchSize: number;
  /** Spans per request when the exporter encodes spans as they end: maxExportBatchSize when set. */
  encodedBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  maxConcurrentExports: number;
}

/** A resolution's answer: the settings, and one line per bad env value (no prefix; the caller prints them). */
export interface Resolution<T> {
  config: T;
  problems: string[];
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
