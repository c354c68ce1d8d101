import { createRequire } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  exporterTarget,
  loadTlsMaterial,
  OtlpHttpSpanExporter,
  RetryingSpanExporter,
  type ResolvedExporterConfig,
} from '@otelkit/export';
import type { Diagnostics } from '../internal-types';
import { withEnvHidden } from './with-env-hidden';
import { withGrpcProxyDecision } from './grpc-proxy-env';

type GrpcExporterModule = typeof import('@opentelemetry/exporter-trace-otlp-grpc');
type GrpcBaseModule = typeof import('@opentelemetry/otlp-grpc-exporter-base');
type GrpcOptions = NonNullable<ConstructorParameters<GrpcExporterModule['OTLPTraceExporter']>[0]>;

const OTLP_SETTINGS = [
  'ENDPOINT',
  'HEADERS',
  'TIMEOUT',
  'COMPRESSION',
  'CERTIFICATE',
  'CLIENT_CERTIFICATE',
  'CLIENT_KEY',
  'INSECURE',
];
// @otelkit/export resolved and reported these: upstream's constructor must neither read them again nor report.
const OTLP_ENV = OTLP_SETTINGS.flatMap((s) => [
  `OTEL_EXPORTER_OTLP_${s}`,
  `OTEL_EXPORTER_OTLP_TRACES_${s}`,
]);

/**
 * The OTLP spec's retryable gRPC codes: CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS.
 * (RESOURCE_EXHAUSTED only with RetryInfo, which upstream's exporter does not surface: treated as final.)
 */
const RETRYABLE_CODES = new Set([1, 4, 10, 11, 14, 15]);

/** True for a gRPC error whose status code the spec says to retry. */
export function isRetryableGrpcError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && RETRYABLE_CODES.has(code);
}

const asBuffer = (pem: string | Buffer | undefined) =>
  pem === undefined || Buffer.isBuffer(pem) ? pem : Buffer.from(pem);

/** An optional peer dependency of @otelkit/node: most apps export over HTTP and need neither it nor @grpc/grpc-js. */
const GRPC_EXPORTER_PACKAGE = '@opentelemetry/exporter-trace-otlp-grpc';

/**
 * The exporter for `grpc`, and how lines name it. Without the optional peer installed, one line says what to
 * install and the spans go over OTLP/HTTP protobuf to the same host instead (see httpFallback): an SRE who upgraded
 * without reading the changelog keeps receiving traces from a collector with both receivers (the collector's
 * default), and one with only the gRPC receiver shows up as export failures, never as silence.
 */
export function createGrpcExport(
  config: ResolvedExporterConfig,
  diag: Diagnostics,
): { exporter: SpanExporter; target: string } {
  const exporterPath = resolveOptional(GRPC_EXPORTER_PACKAGE);
  if (exporterPath !== undefined) {
    return {
      exporter: createGrpcExporter(exporterPath, config, diag),
      target: exporterTarget(config),
    };
  }
  const fallback = httpFallback(config);
  const target = exporterTarget(fallback);
  diag.warn(
    `OTLP/gRPC export needs ${GRPC_EXPORTER_PACKAGE}: npm install ${installSpec()}; ` +
      `sending to ${target} instead`,
  );
  return { exporter: OtlpHttpSpanExporter.fromConfig(fallback, diag), target };
}

/**
 * The OTLP/HTTP settings for a gRPC endpoint: the conventional OTLP port pair (4317 gRPC, 4318 HTTP) swapped, any
 * other port kept (vendors serve both protocols on 443), `/v1/traces` appended to a URL without a path.
 */
export function httpFallback(config: ResolvedExporterConfig): ResolvedExporterConfig {
  const url = new URL(config.url);
  if (url.port === '4317') url.port = '4318';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return { ...config, url: url.href, protocol: 'http/protobuf' };
}

function resolveOptional(name: string): string | undefined {
  try {
    return require.resolve(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The peer range this release was built against, so npm does not pick an exporter of another SDK train. */
function installSpec(): string {
  try {
    const own = require('@otelkit/node/package.json') as {
      peerDependencies?: Record<string, string>;
    };
    const range = own.peerDependencies?.[GRPC_EXPORTER_PACKAGE];
    // In the workspace the range is `catalog:`, which npm would not understand.
    if (range && /^[\^~]?\d/.test(range)) return `${GRPC_EXPORTER_PACKAGE}@${range}`;
  } catch {
    // No version then: the name alone still installs.
  }
  return GRPC_EXPORTER_PACKAGE;
}

/**
 * Upstream's OTLP/gRPC exporter with otelkit's resolved settings. Loaded only when `grpc` is chosen (@grpc/grpc-js is
 * large), and after the instrumentations hooked `require`, so the app's own @grpc/grpc-js is still patched when it
 * loads the same copy. It gets the same resolved settings as the HTTP exporter: TLS material follows its rules
 * (loadTlsMaterial): an `http:` URL means a plaintext channel, `https:` a TLS one with the given CA and client
 * certificate; headers become metadata; retries as the HTTP exporter's.
 */
function createGrpcExporter(
  exporterPath: string,
  config: ResolvedExporterConfig,
  diag: Diagnostics,
): SpanExporter {
  const { OTLPTraceExporter } = require(exporterPath) as GrpcExporterModule;
  // The exporter's own copy: the one package a user installs brings it, and pnpm's strict layout hides it from us.
  const grpc = createRequire(exporterPath)(
    '@opentelemetry/otlp-grpc-exporter-base',
  ) as GrpcBaseModule;
  const { url } = config;
  const tls = loadTlsMaterial(config, diag);
  // Metadata values are credentials as often as not: masked in every later line.
  diag.addSecrets(Object.values(config.headers));
  const credentials = url.startsWith('https:')
    ? grpc.createSslCredentials(asBuffer(tls.ca), asBuffer(tls.key), asBuffer(tls.cert))
    : grpc.createInsecureCredentials();
  const metadata = grpc.createEmptyMetadata();
  for (const [key, value] of Object.entries(config.headers)) metadata.set(key, value);
  const exporter = withEnvHidden(
    OTLP_ENV,
    () =>
      new OTLPTraceExporter({
        url,
        metadata,
        credentials,
        timeoutMillis: config.timeoutMillis,
        compression: config.compression as GrpcOptions['compression'],
      }),
  );
  // Upstream's gRPC transport makes one attempt per batch; a collector restarting would lose every batch meanwhile.
  // grpc-js picks its proxy from env by rules of its own: it gets otelkit's decision instead.
  return new RetryingSpanExporter(withGrpcProxyDecision(exporter, config.proxy, diag), {
    retryable: isRetryableGrpcError,
    retry: config.retry,
  });
}
