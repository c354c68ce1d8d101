import type { Env } from '@otelkit/core';
import {
  resolveExporterConfig,
  resolveProcessorConfig,
  type ResolvedExporterConfig,
  type ResolvedProcessorConfig,
} from '@otelkit/export/distro';
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
      proxy: options.proxy,
    },
    env,
  );
  const processor = resolveProcessorConfig({ ...options.batch }, env);
  return {
    exporterConfig: exporter.config,
    processorConfig: processor.config,
    problems: [...exporter.problems, ...processor.problems],
  };
}
