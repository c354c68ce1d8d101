import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describeCredentials, exporterTarget, OtlpHttpSpanExporter } from '@otelkit/export/distro';
import type { Diagnostics, ResolvedConfig } from '../internal-types';

/**
 * The configured exporter and how lines name it (the URL with credentials masked, and the protocol); undefined for
 * `none`. The OTLP settings come resolved by @otelkit/export (`config.exporterConfig`): nothing here reads env.
 */
export function createExporter(
  config: ResolvedConfig,
  diag: Diagnostics,
): { exporter: SpanExporter; target: string; credentials?: string } | undefined {
  const { exporter, exporterConfig } = config;
  if (typeof exporter !== 'string')
    return { exporter, target: exporter.constructor?.name || 'custom exporter' };
  if (exporter === 'none') return undefined;
  if (exporter === 'console') {
    const { ConsoleWaterfallExporter } =
      require('./console-waterfall-exporter') as typeof import('./console-waterfall-exporter');
    return {
      exporter: new ConsoleWaterfallExporter(),
      target: 'console (a waterfall per trace on stdout)',
    };
  }
  if (exporter === 'console-upstream')
    return {
      exporter: new ConsoleSpanExporter(),
      target: "console-upstream (upstream's span objects on stdout)",
    };
  const target = exporterTarget(exporterConfig);
  if (exporterConfig.protocol === 'grpc') {
    // Only the grpc protocol loads this module, and it loads upstream's exporter with @grpc/grpc-js and protobufjs
    // (131 modules, ~90 ms of CPU at start-up measured on the bench VM).
    const { createGrpcExport } =
      require('./create-grpc-exporter') as typeof import('./create-grpc-exporter');
    return createGrpcExport(exporterConfig, diag);
  }
  return {
    exporter: OtlpHttpSpanExporter.fromConfig(exporterConfig, diag),
    target,
    credentials: describeCredentials(exporterConfig),
  };
}
