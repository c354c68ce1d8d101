import type { Attributes, TextMapPropagator } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type {
  Sampler,
  SpanExporter,
  SpanLimits,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ResolvedExporterConfig, ResolvedProcessorConfig } from '@otelkit/export';
import type { ExportStats, LogLevel, SamplerName, TracesExporterName } from './types';

/** The diagnostic channel of every otelkit package (prefix, bounded lines, secrets masked, repeat limits). */
export type { Diagnostics } from '@otelkit/core';

/** Everything start() needs, after code options, env and defaults were merged. Pure data. */
export interface ResolvedConfig {
  disabled: boolean;
  /** Undefined: fall back to the app's package.json name (looked up by start(), not here, to keep this pure). */
  serviceName?: string;
  serviceVersion?: string;
  resourceAttributes: Attributes;
  /** Undefined: the default set, where the cloud detectors run only when the environment points at that cloud. */
  resourceDetectors?: string[];
  exporter: TracesExporterName | SpanExporter;
  /** Resolved (and reported) by @otelkit/export, the one owner of the OTEL_EXPORTER_OTLP_* variables. */
  exporterConfig: ResolvedExporterConfig;
  /** Resolved (and reported) by @otelkit/export, the one owner of the OTEL_BSP_* and OTELKIT_BSP_* variables. */
  processorConfig: ResolvedProcessorConfig;
  sampler: { name: SamplerName; arg: number } | Sampler;
  sampling: unknown;
  masking: unknown;
  propagation: unknown;
  propagators: Array<string | TextMapPropagator>;
  spanLimits: SpanLimits;
  spanProcessors: SpanProcessor[];
  instrumentations: {
    enabled: string[];
    config: { [name: string]: Record<string, unknown> | undefined };
    extra: Instrumentation[];
  };
  logLevel: LogLevel;
  handleSignals: boolean;
  shutdownTimeoutMillis: number;
  exportStartupSpans: boolean;
  startupWindowMillis: number;
  contextLossIntervalMillis: number;
}

/** resolveConfig's answer: the config and one line per bad env value, for start() to print. */
export interface ConfigResolution {
  config: ResolvedConfig;
  problems: string[];
}

/** The export path's own counters: ExportStats without what the span processor in front of it counts. */
export type ExportCounters = Omit<ExportStats, 'startup' | 'contextLoss' | 'untracedLibraries'>;
