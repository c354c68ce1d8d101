import {
  exporterEnv,
  exporterLimits,
  MAX_DELAY_MILLIS,
  processorEnv,
} from '@otelkit/export/distro';
import {
  allInstrumentationNames,
  builtInPropagatorNames,
  compressionNames,
  exporterNames,
  logLevelNames,
  protocolNames,
  resourceDetectorNames,
  samplerNames,
} from './known-names';

/** Bounds of a numeric setting; the same for the code option and its variable. */
export interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

/** What a setting's value is, which drives both the check of the code option and the reading of its variable. */
export type OptionKind =
  | { kind: 'boolean' }
  | { kind: 'string' }
  | { kind: 'url' }
  | { kind: 'number'; range: Range }
  /** One name of `allowed`; with `instance`, an object with that method is accepted in code too. */
  | { kind: 'oneOf'; allowed: readonly string[]; instance?: string }
  /** A list of names of `allowed` (plus the plugins' names when `plugins`); with `instance`, objects too. */
  | { kind: 'names'; allowed: readonly string[]; plugins?: boolean; instance?: string };

export type OptionSpec = OptionKind & {
  /** Variables, the more specific first. */
  env?: readonly string[];
  /** Used when neither the option nor a variable gives a value; absent: unset (a later step decides). */
  default?: unknown;
  /** How a problem line names what is used instead when there is no `default` (the SDK's, say). */
  fallbackText?: string;
  /**
   * `export`: validated here (a developer gets `@otelkit/node: option …`), but the variables are read, bounded and
   * reported by @otelkit/export's resolvers, their one owner.
   */
  owner?: 'export';
};

/** Above upstream's defaults by far, and still a bound: a span with more is a bug, not data. */
const COUNT = { min: 0, max: 65_536, integer: true } as const;
const LENGTH = { min: 0, max: 1_048_576, integer: true } as const;
const SDK_COUNT = "the SDK's default (128)";

/**
 * Every setting of @otelkit/node that has a code option, a variable, or both: the one list that validate-options.ts
 * checks code options against and resolve-config.ts reads the environment by. Keyed by the option's path in
 * StartOptions. docs/configuration.md shows the same names, defaults and ranges.
 */
export const optionTable = {
  disabled: { kind: 'boolean', env: ['OTEL_SDK_DISABLED'], default: false },
  serviceName: { kind: 'string', env: ['OTEL_SERVICE_NAME'] },
  serviceVersion: { kind: 'string' },
  resourceDetectors: {
    kind: 'names',
    allowed: resourceDetectorNames,
    env: ['OTEL_NODE_RESOURCE_DETECTORS'],
  },
  traceExporter: {
    kind: 'oneOf',
    allowed: exporterNames,
    instance: 'export',
    env: ['OTEL_TRACES_EXPORTER'],
    default: 'otlp',
  },
  sampler: {
    kind: 'oneOf',
    allowed: samplerNames,
    instance: 'shouldSample',
    env: ['OTEL_TRACES_SAMPLER'],
    default: 'parentbased_always_on',
  },
  samplerArg: {
    kind: 'number',
    range: { min: 0, max: 1 },
    env: ['OTEL_TRACES_SAMPLER_ARG'],
    default: 1,
  },
  propagators: {
    kind: 'names',
    allowed: builtInPropagatorNames,
    plugins: true,
    instance: 'inject',
    env: ['OTEL_PROPAGATORS'],
    default: ['tracecontext', 'baggage'],
  },
  'instrumentations.enabled': {
    kind: 'names',
    allowed: allInstrumentationNames,
    env: ['OTEL_NODE_ENABLED_INSTRUMENTATIONS'],
  },
  'instrumentations.disabled': {
    kind: 'names',
    allowed: allInstrumentationNames,
    env: ['OTEL_NODE_DISABLED_INSTRUMENTATIONS'],
  },
  'spanLimits.attributeValueLengthLimit': {
    kind: 'number',
    range: LENGTH,
    fallbackText: 'no limit',
    env: ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'],
  },
  'spanLimits.attributeCountLimit': {
    kind: 'number',
    range: COUNT,
    fallbackText: SDK_COUNT,
    env: ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'],
  },
  'spanLimits.eventCountLimit': {
    kind: 'number',
    range: COUNT,
    fallbackText: SDK_COUNT,
    env: ['OTEL_SPAN_EVENT_COUNT_LIMIT'],
  },
  'spanLimits.linkCountLimit': {
    kind: 'number',
    range: COUNT,
    fallbackText: SDK_COUNT,
    env: ['OTEL_SPAN_LINK_COUNT_LIMIT'],
  },
  'spanLimits.attributePerEventCountLimit': {
    kind: 'number',
    range: COUNT,
    fallbackText: SDK_COUNT,
    env: ['OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'],
  },
  'spanLimits.attributePerLinkCountLimit': {
    kind: 'number',
    range: COUNT,
    fallbackText: SDK_COUNT,
    env: ['OTEL_LINK_ATTRIBUTE_COUNT_LIMIT'],
  },
  logLevel: { kind: 'oneOf', allowed: logLevelNames, env: ['OTEL_LOG_LEVEL'], default: 'info' },
  handleSignals: { kind: 'boolean', env: ['OTELKIT_HANDLE_SIGNALS'], default: true },
  shutdownTimeoutMillis: {
    kind: 'number',
    // The longest wait any otelkit setting may ask for: far below 2^31-1 ms, past which setTimeout fires at once.
    range: { min: 0, max: MAX_DELAY_MILLIS, integer: true },
    env: ['OTELKIT_SHUTDOWN_TIMEOUT'],
    default: 5000,
  },
  exportStartupSpans: { kind: 'boolean', env: ['OTELKIT_EXPORT_STARTUP_SPANS'], default: false },
  startupWindowMillis: {
    kind: 'number',
    range: { min: 0, max: MAX_DELAY_MILLIS, integer: true },
    env: ['OTELKIT_STARTUP_WINDOW'],
    default: 30_000,
  },
  contextLossIntervalMillis: {
    kind: 'number',
    range: { min: 0, max: MAX_DELAY_MILLIS, integer: true },
    env: ['OTELKIT_CONTEXT_LOSS_INTERVAL'],
    default: 60_000,
  },
  endpoint: { kind: 'url', owner: 'export', env: exporterEnv.baseUrl },
  tracesEndpoint: { kind: 'url', owner: 'export', env: exporterEnv.url },
  protocol: {
    kind: 'oneOf',
    allowed: protocolNames,
    owner: 'export',
    env: exporterEnv.protocol,
  },
  timeoutMillis: {
    kind: 'number',
    range: exporterLimits.timeoutMillis,
    owner: 'export',
    env: exporterEnv.timeoutMillis,
  },
  compression: {
    kind: 'oneOf',
    allowed: compressionNames,
    owner: 'export',
    env: exporterEnv.compression,
  },
  'batch.scheduledDelayMillis': batchRow('scheduledDelayMillis'),
  'batch.exportTimeoutMillis': batchRow('exportTimeoutMillis'),
  'batch.maxQueueSize': batchRow('maxQueueSize'),
  'batch.maxExportBatchSize': batchRow('maxExportBatchSize'),
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof optionTable;

/** A `batch.*` row: @otelkit/export's processor resolver owns the variable and its range. */
function batchRow(key: keyof typeof processorEnv): OptionSpec {
  return {
    kind: 'number',
    range: processorEnv[key],
    owner: 'export',
    env: [processorEnv[key].env],
  };
}

/** The value at `path` (`batch.maxQueueSize`) of the options object, or undefined. */
export function optionAt(options: object, path: string): unknown {
  let value: unknown = options;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
