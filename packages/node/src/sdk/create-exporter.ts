import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../internal-types';
import { otlpEnvKeys, withEnvHidden } from './with-env-hidden';

/** The configured exporter and a short description for the startup line; undefined for `none`. */
export function createExporter(
  config: ResolvedConfig,
): { exporter: SpanExporter; target: string } | undefined {
  const { exporter } = config;
  if (typeof exporter !== 'string')
    return { exporter, target: exporter.constructor?.name ?? 'custom exporter' };
  if (exporter === 'none') return undefined;
  if (exporter === 'console') return { exporter: new ConsoleSpanExporter(), target: 'console' };
  const options = {
    url: config.tracesUrl,
    headers: config.headers,
    timeoutMillis: config.timeoutMillis,
    compression:
      config.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
  };
  const Exporter = config.protocol === 'http/json' ? JsonExporter : ProtoExporter;
  return {
    exporter: withEnvHidden(otlpEnvKeys, () => new Exporter(options)),
    target: `${config.tracesUrl} (${config.protocol})`,
  };
}
