import { createRequire } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  describeCredentials,
  exporterTarget,
  loadHeaderSource,
  loadTlsMaterial,
  OtlpHttpSpanExporter,
  RetryingSpanExporter,
  type ResolvedExporterConfig,
} from '@otelkit/export';
import type { Diagnostics } from '../internal-types';
import { toMetadata, withCallMetadata, type GrpcJs } from './grpc-call-credentials';
import { GrpcCredentialedExporter } from './grpc-credentialed-exporter';
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

/**
 * True for a gRPC error whose status code the spec says to retry, and for credentials that could not be had for an
 * attempt (a CredentialError: retried with the backoff, as over OTLP/HTTP).
 */
export function isRetryableGrpcError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (typeof code === 'number' && RETRYABLE_CODES.has(code)) || code === 'credentials';
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
): { exporter: SpanExporter; target: string; credentials?: string } {
  const exporterPath = resolveOptional(GRPC_EXPORTER_PACKAGE);
  if (exporterPath !== undefined) {
    const target = exporterTarget(config);
    const { exporter, credentials } = createGrpcExporter(exporterPath, config, target, diag);
    return { exporter, target, credentials };
  }
  const fallback = httpFallback(config);
  const target = exporterTarget(fallback);
  diag.warn(
    `OTLP/gRPC export needs ${GRPC_EXPORTER_PACKAGE}: npm install ${installSpec()}; ` +
      `sending to ${target} instead`,
  );
  return {
    exporter: OtlpHttpSpanExporter.fromConfig(fallback, diag),
    target,
    credentials: describeCredentials(fallback),
  };
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
 * certificate; headers become metadata; retries as the HTTP exporter's. Credentials (a provider, a headers
 * function) go as grpc-js call credentials on TLS channels only (see GrpcCredentialedExporter); on a plaintext one,
 * one line and none are sent.
 */
function createGrpcExporter(
  exporterPath: string,
  config: ResolvedExporterConfig,
  target: string,
  diag: Diagnostics,
): { exporter: SpanExporter; credentials?: string } {
  const { OTLPTraceExporter } = require(exporterPath) as GrpcExporterModule;
  // The exporter's own copies: the one package a user installs brings them, and pnpm's strict layout hides them.
  const basePath = createRequire(exporterPath).resolve('@opentelemetry/otlp-grpc-exporter-base');
  const grpc = require(basePath) as GrpcBaseModule;
  const { url } = config;
  const tls = loadTlsMaterial(config, diag);
  // Metadata values are credentials as often as not: masked in every later line.
  diag.addSecrets(Object.values(config.headers));
  const secure = url.startsWith('https:');
  const channel = secure
    ? grpc.createSslCredentials(asBuffer(tls.ca), asBuffer(tls.key), asBuffer(tls.cert))
    : grpc.createInsecureCredentials();
  let credentials = describeCredentials(config);
  if (credentials !== undefined && !secure) {
    // grpc-js attaches call credentials to TLS channels only, as gRPC everywhere does: a token is not to cross a
    // network in clear. The collector answers UNAUTHENTICATED if it wants them: failures, never silence.
    diag.warn(
      `${credentials} not sent to ${target}: gRPC sends credentials over TLS only; use an https:// endpoint`,
    );
    credentials = undefined;
  }
  const source =
    credentials === undefined
      ? undefined
      : loadHeaderSource(config, {
          tls,
          timeoutMillis: config.timeoutMillis,
          diagnostics: diag,
          now: Date.now,
          env: process.env,
        });
  const grpcJs = source && (createRequire(basePath)('@grpc/grpc-js') as GrpcJs);
  // With changing headers, the fixed ones travel with them (theirs win, as over OTLP/HTTP): no fixed metadata.
  const metadata = grpc.createEmptyMetadata();
  if (source === undefined)
    for (const [key, value] of Object.entries(config.headers)) metadata.set(key, value);
  let credentialed: GrpcCredentialedExporter | undefined;
  const exporter = withEnvHidden(
    OTLP_ENV,
    () =>
      new OTLPTraceExporter({
        url,
        metadata,
        credentials:
          grpcJs === undefined
            ? channel
            : withCallMetadata(grpcJs, channel, () => credentialed?.metadata()),
        timeoutMillis: config.timeoutMillis,
        compression: config.compression as GrpcOptions['compression'],
      }),
  );
  // grpc-js picks its proxy from env by rules of its own: it gets otelkit's decision instead.
  let inner = withGrpcProxyDecision(exporter, config.proxy, diag);
  if (source !== undefined && grpcJs !== undefined) {
    credentialed = new GrpcCredentialedExporter(
      inner,
      source,
      config.headers,
      (headers) => toMetadata(grpcJs, headers),
      target,
      diag,
    );
    inner = credentialed;
  }
  // Upstream's gRPC transport makes one attempt per batch (its own retries cover HTTP only): a collector restarting
  // would lose every batch meanwhile.
  const retrying = new RetryingSpanExporter(inner, {
    retryable: isRetryableGrpcError,
    retry: config.retry,
  });
  return { exporter: retrying, credentials };
}
