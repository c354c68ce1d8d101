import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '@otelkit/export';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { createGrpcExporter } from './create-grpc-exporter';

// resolveConfig already read and reported every OTLP variable: the exporter gets the resolved values
// and, of the env, only the TLS file variables, which it reads and reports itself (once).

/** The configured exporter and a short description for the startup line; undefined for `none`. */
export function createExporter(
  config: ResolvedConfig,
  diag: Diagnostics,
): { exporter: SpanExporter; target: string } | undefined {
  const { exporter } = config;
  if (typeof exporter !== 'string')
    return { exporter, target: exporter.constructor?.name ?? 'custom exporter' };
  if (exporter === 'none') return undefined;
  if (exporter === 'console') return { exporter: new ConsoleSpanExporter(), target: 'console' };
  const target = `${config.tracesUrl} (${config.protocol})`;
  if (config.protocol === 'grpc') {
    return { exporter: createGrpcExporter(config, (line) => diag.warn(line)), target };
  }
  const options = {
    url: config.tracesUrl,
    headers: config.headers,
    timeoutMillis: config.timeoutMillis,
    compression: config.compression,
    protocol: config.protocol,
    tls: config.tls,
  };
  return { exporter: new OtlpHttpSpanExporter(options, config.tlsEnv), target };
}
