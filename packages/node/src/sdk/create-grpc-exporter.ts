import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  loadTlsMaterial,
  RetryingSpanExporter,
  type ResolvedExporterConfig,
} from '@otelkit/export';
import type { Diagnostics } from '../internal-types';
import { withEnvHidden } from './with-env-hidden';

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

/**
 * Upstream's OTLP/gRPC exporter with otelkit's resolved settings. Loaded only when `grpc` is chosen (@grpc/grpc-js is
 * large), and after the instrumentations hooked `require`, so the app's own @grpc/grpc-js is still patched when it
 * loads the same copy. It gets the same resolved settings as the HTTP exporter: TLS material follows its rules
 * (loadTlsMaterial): an `http:` URL means a plaintext channel, `https:` a TLS one with the given CA and client
 * certificate; headers become metadata; retries as the HTTP exporter's.
 */
export function createGrpcExporter(
  config: ResolvedExporterConfig,
  diag: Diagnostics,
): SpanExporter {
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-grpc') as GrpcExporterModule;
  const grpc = require('@opentelemetry/otlp-grpc-exporter-base') as GrpcBaseModule;
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
  return new RetryingSpanExporter(exporter, {
    retryable: isRetryableGrpcError,
    retry: config.retry,
  });
}
