import type { Attributes, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type {
  Sampler,
  SpanExporter,
  SpanLimits,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { OtlpAuthOptions, OtlpHeadersFunction, OtlpTlsOptions } from '@otelkit/export';

/**
 * Wire protocol of the OTLP trace exporter. `grpc` sends through the upstream OTLP/gRPC exporter behind otelkit's
 * batch processor; the HTTP protocols use otelkit's own encoder.
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** Which exporter receives spans (`OTEL_TRACES_EXPORTER`). */
export type TracesExporterName = 'otlp' | 'console' | 'console-upstream' | 'none';

/** Standard sampler names of `OTEL_TRACES_SAMPLER`. */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/** Verbosity of otelkit's own diagnostics and of OpenTelemetry's internal logger (`OTEL_LOG_LEVEL`). */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/** Batch span processor settings (`OTEL_BSP_*`). */
export interface BatchOptions {
  /** Delay between two scheduled exports, 0 to 600000 ms. Env `OTEL_BSP_SCHEDULE_DELAY`, default 1000 (the spec's is 5000). */
  scheduledDelayMillis?: number;
  /** Time an export may take before it is cancelled, 1 to 600000 ms. Env `OTEL_BSP_EXPORT_TIMEOUT`, default 30000. */
  exportTimeoutMillis?: number;
  /**
   * Spans kept waiting for export, 1 to 1000000; newer spans are dropped (and counted) beyond it. Env
   * `OTEL_BSP_MAX_QUEUE_SIZE`, default 4096 (the spec's is 2048).
   */
  maxQueueSize?: number;
  /**
   * Spans per export request, 1 to 1000000 (and at most the queue size). Env `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`; default 2048 with the http/protobuf
   * exporter (spans are encoded as they end, so a batch holds bytes; requests also close at 1 MiB), 512
   * with the others.
   */
  maxExportBatchSize?: number;
}

/** Which auto-instrumentations run, and their options. */
export interface InstrumentationOptions {
  /**
   * Only these run (short names such as `http`, `express`, `pg`, `prisma`).
   * Env `OTEL_NODE_ENABLED_INSTRUMENTATIONS`. Default: all but `fs`, `dns`, `net`, `host-metrics`, `runtime-node`.
   */
  enabled?: string[];
  /** These never run. Env `OTEL_NODE_DISABLED_INSTRUMENTATIONS`. Applied after `enabled`. */
  disabled?: string[];
  /**
   * Per-instrumentation options keyed by short name, e.g. `{ http: { ignoreIncomingRequestHook } }`.
   * `enabled: true|false` here wins over the lists above.
   */
  config?: { [name: string]: Record<string, unknown> | undefined };
  /** Extra instrumentations to register beside the defaults. */
  extra?: Instrumentation[];
}

/** Options of {@link start}. Every option wins over its environment variable; see docs/configuration.md. */
export interface StartOptions {
  /** Turn the SDK off: start() returns a no-op handle. Env `OTEL_SDK_DISABLED`. */
  disabled?: boolean;
  /** `service.name`. Env `OTEL_SERVICE_NAME`; default: the app's package.json name, else `unknown_service:node`. */
  serviceName?: string;
  /** `service.version`. Default: the app's package.json version when the name also came from it. */
  serviceVersion?: string;
  /** Extra resource attributes; merged over `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Attributes;
  /**
   * Resource detectors by name (`env,host,os,process,serviceinstance,container,gcp,aws,aws-ec2,aws-eks,all,none`).
   * Env `OTEL_NODE_RESOURCE_DETECTORS`. Default `env,host,os,process,container,gcp,aws`, where gcp and aws run only on
   * a sign of their cloud and container only on Linux (docs/configuration.md); a named detector always runs.
   */
  resourceDetectors?: string[];
  /**
   * `otlp` (default), `console` (each trace as a waterfall on stdout, the resource once per service),
   * `console-upstream` (upstream's span objects), `none`, or an exporter instance. Env `OTEL_TRACES_EXPORTER`.
   */
  traceExporter?: TracesExporterName | SpanExporter;
  /**
   * OTLP base endpoint; `/v1/traces` is appended (with `grpc`, used as is). Env `OTEL_EXPORTER_OTLP_ENDPOINT`, default
   * `http://localhost:4318` (`http://localhost:4317` with `grpc`).
   */
  endpoint?: string;
  /** Full OTLP traces URL (with `grpc`, the collector's URL), used as is. Env `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  tracesEndpoint?: string;
  /**
   * Headers sent with every export; their values are never printed. Env `OTEL_EXPORTER_OTLP_HEADERS` merged key by
   * key with `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`k=v,k2=v2`, percent-encoded). The option replaces both. A function
   * (sync or async) is called before each export attempt and may return `{ headers, ttlMillis }` to be reused that
   * long; a throw or rejection fails that attempt (retried with the usual backoff), never the app.
   */
  headers?: Record<string, string> | OtlpHeadersFunction;
  /**
   * Credentials for the collector, refreshed before they expire and once more on a 401/403:
   * `{ type: 'gcp-id-token', audience? }` (a Google ID token from the metadata server; audience default: env
   * `OTELKIT_EXPORTER_AUTH_AUDIENCE`, else the endpoint's origin), `{ type: 'oauth2', tokenUrl, clientId,
   * clientSecret | clientSecretFile, scopes?, audience? }` (client credentials), `{ type: 'bearer-file', path }` (a
   * token file re-read when it changes), `{ type: 'none' }`. Env `OTELKIT_EXPORTER_AUTH` (`gcp-id-token`, `oauth2`
   * with the `OTELKIT_OAUTH2_*` variables, `bearer-file:/path`, `none`); default none. With `grpc`, sent to
   * `https://` endpoints only (gRPC sends credentials over TLS only).
   */
  auth?: OtlpAuthOptions;
  /**
   * The proxy to reach the collector (and the token endpoints) through: `'off'` (direct, whatever the environment
   * says) or an `http://` or `https://` proxy URL (credentials as userinfo, never printed); NO_PROXY applies either
   * way. Env `OTELKIT_EXPORTER_PROXY` (same values); default: `https_proxy`/`HTTPS_PROXY` for an https collector,
   * `http_proxy`/`HTTP_PROXY` for an http one, else direct. OTLP/HTTP and gRPC alike.
   */
  proxy?: string;
  /** `http/protobuf`, `http/json` or `grpc`. Env `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL`; default `http/protobuf`. */
  protocol?: OtlpProtocol;
  /** Export request timeout, 1 to 600000 ms. Env `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT`; default 10000. */
  timeoutMillis?: number;
  /** Env `OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION`; default `none`. */
  compression?: 'gzip' | 'none';
  /**
   * TLS for an https endpoint, as PEM text: `ca` (trusted instead of Node's CAs), `cert` + `key` (mutual TLS). Each
   * piece wins over its env variable, which names a file: `OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE`,
   * `OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_CERTIFICATE`, `OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_KEY`.
   */
  tls?: OtlpTlsOptions;
  /** Head sampler: a name (with `samplerArg`) or an instance. Env `OTEL_TRACES_SAMPLER`; default `parentbased_always_on`. */
  sampler?: SamplerName | Sampler;
  /** Ratio from 0 to 1 for the ratio samplers. Env `OTEL_TRACES_SAMPLER_ARG`; default 1. */
  samplerArg?: number;
  /** A sampling preset or config of @otelkit/samplers; wins over `sampler`. Env `OTELKIT_SAMPLER` + `OTELKIT_SAMPLER_ARG`. */
  sampling?: unknown;
  /** Masking rules of @otelkit/masking, or `false` to turn masking off. Env `OTELKIT_MASKING*`. */
  masking?: unknown;
  /**
   * Options of the @otelkit/propagators propagators, keyed by name (`alias`, `forward`, `tracecontext-strict`, …);
   * they win over the `OTELKIT_*` env of those propagators. See docs/propagation.md.
   */
  propagation?: Record<string, unknown>;
  /** Propagators by name or instance. Env `OTEL_PROPAGATORS`; default `tracecontext,baggage`. */
  propagators?: Array<string | TextMapPropagator>;
  /** Batch span processor settings. */
  batch?: BatchOptions;
  /**
   * Span limits: counts 0 to 65536, the value length 0 to 1048576 characters. Env `OTEL_SPAN_ATTRIBUTE_*`,
   * `OTEL_ATTRIBUTE_*`, `OTEL_SPAN_EVENT_COUNT_LIMIT`, `OTEL_SPAN_LINK_COUNT_LIMIT`, `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`,
   * `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`; default: the SDK's (128 per count, unlimited length).
   */
  spanLimits?: SpanLimits;
  /** Extra span processors, run after masking and before export. */
  spanProcessors?: SpanProcessor[];
  /** Which instrumentations run and their options. */
  instrumentations?: InstrumentationOptions;
  /**
   * otelkit's own lines and OpenTelemetry's internal log, for every otelkit package in the process. Env
   * `OTEL_LOG_LEVEL`; default `info` (one startup line, warnings).
   */
  logLevel?: LogLevel;
  /**
   * Flush when the process ends: on SIGTERM and SIGINT when the app has no handler for them (then the signal still
   * ends the process), at `beforeExit`, and at `process.exit()` (synchronously). When the app handles a signal itself,
   * tracing goes on until its handler ends the process. Env `OTELKIT_HANDLE_SIGNALS`; default true.
   */
  handleSignals?: boolean;
  /**
   * Upper bound for the flush at exit, 0 to 600000 ms; past it, exports still open are abandoned and the loss is
   * reported in one line. Env `OTELKIT_SHUTDOWN_TIMEOUT`; default 5000.
   */
  shutdownTimeoutMillis?: number;
  /**
   * Export the traces that instrumentations start while the app starts up (schema sync, migrations, warm-up queries:
   * parentless spans of an instrumentation before the first inbound request or consumed message) as they end. Off by
   * default: they are held until the process shows what it is; a server's are dropped when it first serves, counted
   * in `stats().startup`, and one line says how many; a job's (a process that ends, or passes
   * `startupWindowMillis`, without serving) are exported. Spans of tracers the app names itself are always exported.
   * Env `OTELKIT_EXPORT_STARTUP_SPANS`; default false.
   */
  exportStartupSpans?: boolean;
  /**
   * How long from start a process may take to serve its first request or message before it is treated as a job
   * (a scheduler, a worker whose consumer is not traced) and its held start-up traces are exported; 0 to 600000 ms,
   * 0 exports them as they end. Env `OTELKIT_STARTUP_WINDOW`; default 30000.
   */
  startupWindowMillis?: number;
  /**
   * At most one line per interval names the instrumentations whose spans started without a parent after start-up
   * (context lost: see docs/troubleshooting.md); 0 prints none (still counted in `stats().contextLoss`), 0 to
   * 600000 ms. Env `OTELKIT_CONTEXT_LOSS_INTERVAL`; default 60000.
   */
  contextLossIntervalMillis?: number;
}

/** What {@link start} returns. Calling start() again returns the same handle. */
export interface OtelkitHandle {
  /**
   * Flushes queued spans and stops the SDK, within `shutdownTimeoutMillis` (past it, exports still open are abandoned
   * and one line says what was lost); later calls resolve at once. Never rejects.
   */
  shutdown(): Promise<void>;
  /** Exports every span ended so far. Never rejects. */
  forceFlush(): Promise<void>;
  /** The registered provider (a no-op one when the SDK is disabled). */
  tracerProvider: TracerProvider;
  /** Counts since start, for health checks and tests. */
  stats(): ExportStats;
}

/** Export counters of the running SDK, from the batch processor's totals. */
export interface ExportStats {
  /** Sampled spans that ended and were handed to export. `ended - exported` were never delivered (yet). */
  ended: number;
  /** Spans the exporter delivered. */
  exported: number;
  /** Spans in exports that failed (collector down, rejected) or got no answer in time (also those still unanswered at shutdown). */
  failed: number;
  /** Export requests that failed or timed out. */
  failedRequests: number;
  /** Start-up traces not exported (see `exportStartupSpans`); not counted in `ended`. */
  startup: StartupSpanStats;
  /**
   * Parentless spans, after start-up, of instrumentations that run inside requests (context lost), per scope and span
   * name, the largest first; at most 100 entries, the rest counted in one entry named `other`.
   */
  contextLoss: ContextLossCount[];
  /**
   * Libraries the app loaded that otelkit knows are commonly traced but has no instrumentation for (a curated list:
   * docs/frameworks-and-libraries.md#not-traced), in load order; each is also named once in a diagnostic line.
   */
  untracedLibraries: string[];
}

/** Quiet start-up: what was held back until the process served its first request or message. */
export interface StartupSpanStats {
  /** True once the first SERVER or CONSUMER span started. */
  serving: boolean;
  /** Start-up traces dropped (counted when serving begins, or when their root ends after that). */
  rootTracesNotExported: number;
  /** Spans of those traces, roots included. */
  spansNotExported: number;
  /** Ended spans of start-up traces held until the process serves (dropped) or is found to be a job (exported). */
  spansHeld: number;
}

/** Parentless spans of one instrumentation scope and span name, after start-up. */
export interface ContextLossCount {
  scope: string;
  name: string;
  count: number;
}

/**
 * The upstream instrumentations otelkit runs, by short name: each is a dependency of @otelkit/node, at the version
 * auto-instrumentations-node pins, and its options type comes from its own package.
 */
interface UpstreamInstrumentations {
  amqplib: typeof import('@opentelemetry/instrumentation-amqplib').AmqplibInstrumentation;
  'aws-lambda': typeof import('@opentelemetry/instrumentation-aws-lambda').AwsLambdaInstrumentation;
  'aws-sdk': typeof import('@opentelemetry/instrumentation-aws-sdk').AwsInstrumentation;
  bunyan: typeof import('@opentelemetry/instrumentation-bunyan').BunyanInstrumentation;
  'cassandra-driver': typeof import('@opentelemetry/instrumentation-cassandra-driver').CassandraDriverInstrumentation;
  connect: typeof import('@opentelemetry/instrumentation-connect').ConnectInstrumentation;
  cucumber: typeof import('@opentelemetry/instrumentation-cucumber').CucumberInstrumentation;
  dataloader: typeof import('@opentelemetry/instrumentation-dataloader').DataloaderInstrumentation;
  dns: typeof import('@opentelemetry/instrumentation-dns').DnsInstrumentation;
  express: typeof import('@opentelemetry/instrumentation-express').ExpressInstrumentation;
  fs: typeof import('@opentelemetry/instrumentation-fs').FsInstrumentation;
  'generic-pool': typeof import('@opentelemetry/instrumentation-generic-pool').GenericPoolInstrumentation;
  graphql: typeof import('@opentelemetry/instrumentation-graphql').GraphQLInstrumentation;
  grpc: typeof import('@opentelemetry/instrumentation-grpc').GrpcInstrumentation;
  hapi: typeof import('@opentelemetry/instrumentation-hapi').HapiInstrumentation;
  'host-metrics': typeof import('@opentelemetry/instrumentation-host-metrics').HostMetricsInstrumentation;
  http: typeof import('@opentelemetry/instrumentation-http').HttpInstrumentation;
  ioredis: typeof import('@opentelemetry/instrumentation-ioredis').IORedisInstrumentation;
  kafkajs: typeof import('@opentelemetry/instrumentation-kafkajs').KafkaJsInstrumentation;
  knex: typeof import('@opentelemetry/instrumentation-knex').KnexInstrumentation;
  koa: typeof import('@opentelemetry/instrumentation-koa').KoaInstrumentation;
  'lru-memoizer': typeof import('@opentelemetry/instrumentation-lru-memoizer').LruMemoizerInstrumentation;
  memcached: typeof import('@opentelemetry/instrumentation-memcached').MemcachedInstrumentation;
  mongodb: typeof import('@opentelemetry/instrumentation-mongodb').MongoDBInstrumentation;
  mongoose: typeof import('@opentelemetry/instrumentation-mongoose').MongooseInstrumentation;
  mysql2: typeof import('@opentelemetry/instrumentation-mysql2').MySQL2Instrumentation;
  mysql: typeof import('@opentelemetry/instrumentation-mysql').MySQLInstrumentation;
  'nestjs-core': typeof import('@opentelemetry/instrumentation-nestjs-core').NestInstrumentation;
  net: typeof import('@opentelemetry/instrumentation-net').NetInstrumentation;
  openai: typeof import('@opentelemetry/instrumentation-openai').OpenAIInstrumentation;
  oracledb: typeof import('@opentelemetry/instrumentation-oracledb').OracleInstrumentation;
  pg: typeof import('@opentelemetry/instrumentation-pg').PgInstrumentation;
  pino: typeof import('@opentelemetry/instrumentation-pino').PinoInstrumentation;
  redis: typeof import('@opentelemetry/instrumentation-redis').RedisInstrumentation;
  restify: typeof import('@opentelemetry/instrumentation-restify').RestifyInstrumentation;
  router: typeof import('@opentelemetry/instrumentation-router').RouterInstrumentation;
  'runtime-node': typeof import('@opentelemetry/instrumentation-runtime-node').RuntimeNodeInstrumentation;
  'socket.io': typeof import('@opentelemetry/instrumentation-socket.io').SocketIoInstrumentation;
  tedious: typeof import('@opentelemetry/instrumentation-tedious').TediousInstrumentation;
  undici: typeof import('@opentelemetry/instrumentation-undici').UndiciInstrumentation;
  winston: typeof import('@opentelemetry/instrumentation-winston').WinstonInstrumentation;
}

type ConfigOf<C> = C extends new (...args: infer A) => unknown ? A[0] : never;

/**
 * Each upstream instrumentation's options, by package name (the shape of auto-instrumentations-node's map of the same
 * name), for typing an `instrumentations.config` entry:
 * `AutoInstrumentationConfigMap['@opentelemetry/instrumentation-http']` types `instrumentations.config.http`.
 */
export type AutoInstrumentationConfigMap = {
  [Name in keyof UpstreamInstrumentations as `@opentelemetry/instrumentation-${Name}`]?: ConfigOf<
    UpstreamInstrumentations[Name]
  >;
};
