import type { Attributes, TextMapPropagator } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type {
  Sampler,
  SpanExporter,
  SpanLimits,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { OtlpTlsOptions } from '@otelkit/export';
import type { LogLevel, OtlpProtocol, SamplerName, TracesExporterName } from './types';

/** The prefixed, rate-limited diagnostic channel every part of @otelkit/node reports through. */
export interface Diagnostics {
  /** One line, always printed unless the log level is error or none. */
  warn(message: string): void;
  /**
   * Like warn, but a repeat of the same key within the interval is counted instead of printed. True when the line
   * was printed.
   */
  warnOnce(key: string, message: string): boolean;
  error(message: string): void;
  /** True when the line was printed (the log level shows info). */
  info(message: string): boolean;
  debug(message: string): void;
}

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
  tracesUrl: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  tls: OtlpTlsOptions | undefined;
  /** The TLS file variables as set, handed to the exporter, which reads and reports them itself. */
  tlsEnv: Record<string, string>;
  sampler: { name: SamplerName; arg: number } | Sampler;
  sampling: unknown;
  masking: unknown;
  propagation: unknown;
  propagators: Array<string | TextMapPropagator>;
  batch: {
    scheduledDelayMillis: number;
    exportTimeoutMillis: number;
    maxQueueSize: number;
    /** Unset: the processor's default for the exporter in use. */
    maxExportBatchSize?: number;
  };
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
}

/** resolveConfig's answer: the config and one line per bad env value, for start() to print. */
export interface ConfigResolution {
  config: ResolvedConfig;
  problems: string[];
}
