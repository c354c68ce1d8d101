import type { Env } from '@otelkit/core';
import {
  resolveExporterConfig,
  resolveProcessorConfig,
  type ResolvedExporterConfig,
  type ResolvedProcessorConfig,
} from '@otelkit/export';
import type { StartOptions } from '../types';

/**
 * The export settings, resolved by their one owner, @otelkit/export, from node's options (mapped to its option
 * names) and the env: every OTEL_EXPORTER_OTLP_*, OTEL_BSP_* and OTELKIT_BSP_* variable is read and reported there.
 */
export function resolveExportConfig(
  options: StartOptions,
  env: Env,
): {
  exporterConfig: ResolvedExporterConfig;
  processorConfig: ResolvedProcessorConfig;
  problems: string[];
} {
  const exporter = resolveExporterConfig(
    {
      endpoint: options.endpoint,
      url: options.tracesEndpoint,
      headers: options.headers,
      protocol: options.protocol,
      timeoutMillis: options.timeoutMillis,
      compression: options.compression,
      tls: options.tls,
      auth: options.auth,
    },
    env,
  );
  const processor = resolveProcessorConfig({ ...options.batch }, env);
  return {
    exporterConfig: exporter.config,
    processorConfig: processor.config,
    problems: [...exporter.problems, ...authProblems(exporter.config), ...processor.problems],
  };
}

/** Credentials are sent by the OTLP/HTTP exporter; upstream's gRPC exporter takes fixed metadata only. */
function authProblems(config: ResolvedExporterConfig): string[] {
  if (config.protocol !== 'grpc') return [];
  const what = [config.auth && 'credentials (OTELKIT_EXPORTER_AUTH or the auth option)']
    .concat(config.headersFunction && 'a headers function')
    .filter(Boolean);
  return what.length === 0
    ? []
    : [`${what.join(' and ')} not used with protocol grpc: sent without`];
}
