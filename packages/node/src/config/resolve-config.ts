import type { Attributes } from '@opentelemetry/api';
import { tlsEnv } from '@otelkit/export';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';
import type { ConfigResolution, ResolvedConfig } from '../internal-types';
import type { OtlpProtocol, StartOptions } from '../types';
import { EnvReader } from './env-reader';
import { batchEnv, defaults, spanLimitEnv } from './defaults';
import {
  allInstrumentationNames,
  builtInPropagatorNames,
  compressionNames,
  defaultInstrumentationNames,
  defaultResourceDetectorNames,
  exporterNames,
  logLevelNames,
  protocolNames,
  resourceDetectorNames,
  samplerNames,
} from './known-names';

/**
 * Merges code options over `OTEL_*`/`OTELKIT_*` env over defaults. Pure: no I/O, no globals, so every combination is
 * table-tested. Code options must have passed validateOptions(); env problems come back as lines, never as throws.
 * `extraPropagatorNames` are names a plugin (@otelkit/propagators) knows.
 */
export function resolveConfig(
  options: StartOptions,
  env: Record<string, string | undefined>,
  extraPropagatorNames: readonly string[] = [],
): ConfigResolution {
  const read = new EnvReader(env);
  const resourceFromEnv = read.keyValues('OTEL_RESOURCE_ATTRIBUTES') ?? {};
  const detectors =
    options.resourceDetectors ??
    (read.raw('OTEL_NODE_RESOURCE_DETECTORS') === undefined
      ? undefined
      : names(
          read,
          'OTEL_NODE_RESOURCE_DETECTORS',
          resourceDetectorNames,
          defaultResourceDetectorNames,
        ));
  const protocol: OtlpProtocol =
    options.protocol ??
    signal(read, 'PROTOCOL', (key) => read.oneOf(key, protocolNames, defaults.protocol)) ??
    defaults.protocol;
  const config: ResolvedConfig = {
    disabled: options.disabled ?? read.boolean('OTEL_SDK_DISABLED', false),
    serviceName:
      options.serviceName ?? read.raw('OTEL_SERVICE_NAME') ?? resourceFromEnv['service.name'],
    serviceVersion: options.serviceVersion,
    resourceAttributes: {
      ...((detectors?.includes('none') ? {} : resourceFromEnv) as Attributes),
      ...options.resourceAttributes,
    },
    resourceDetectors: detectors,
    exporter: options.traceExporter ?? exporter(read),
    tracesUrl: tracesUrl(options, read, protocol),
    headers: options.headers ?? signal(read, 'HEADERS', (key) => read.keyValues(key)) ?? {},
    protocol,
    timeoutMillis:
      options.timeoutMillis ??
      signal(read, 'TIMEOUT', (key) => read.number(key, defaults.timeoutMillis, { min: 1 })) ??
      defaults.timeoutMillis,
    compression:
      options.compression ??
      signal(read, 'COMPRESSION', (key) =>
        read.oneOf(key, compressionNames, defaults.compression),
      ) ??
      defaults.compression,
    tls: options.tls,
    tlsEnv: tlsFileVariables(env),
    sampler:
      options.sampler && typeof options.sampler !== 'string'
        ? options.sampler
        : sampler(options, read),
    sampling: options.sampling,
    masking: options.masking,
    propagation: options.propagation,
    propagators:
      options.propagators ??
      names(
        read,
        'OTEL_PROPAGATORS',
        [...builtInPropagatorNames, ...extraPropagatorNames],
        defaults.propagators,
      ),
    batch: batch(options, read),
    spanLimits: spanLimits(options, read),
    spanProcessors: options.spanProcessors ?? [],
    instrumentations: instrumentations(options, read),
    logLevel: options.logLevel ?? read.oneOf('OTEL_LOG_LEVEL', logLevelNames, defaults.logLevel),
    handleSignals: options.handleSignals ?? read.boolean('OTELKIT_HANDLE_SIGNALS', true),
    shutdownTimeoutMillis:
      options.shutdownTimeoutMillis ??
      read.number('OTELKIT_SHUTDOWN_TIMEOUT', defaults.shutdownTimeoutMillis, { min: 0 }),
  };
  return { config, problems: read.problems };
}

/** Only names files: the exporter reads them when it is made, and reports what it cannot use. */
function tlsFileVariables(env: Record<string, string | undefined>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of Object.values(tlsEnv).flat()) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') picked[name] = value;
  }
  return picked;
}

/** Per-signal variable first (`OTEL_EXPORTER_OTLP_TRACES_X`), then the general one (`OTEL_EXPORTER_OTLP_X`). */
function signal<T>(
  read: EnvReader,
  suffix: string,
  parse: (key: string) => T | undefined,
): T | undefined {
  for (const key of [`OTEL_EXPORTER_OTLP_TRACES_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`]) {
    if (read.raw(key) !== undefined) return parse(key);
  }
  return undefined;
}

/** OTLP/HTTP appends `/v1/traces` to the general endpoint; gRPC takes every endpoint as is (the spec's rule). */
function tracesUrl(options: StartOptions, read: EnvReader, protocol: OtlpProtocol): string {
  const grpc = protocol === 'grpc';
  const fromBase = (base: string) =>
    grpc ? base : `${base.replace(/\/+$/, '')}${defaults.tracesPath}`;
  if (options.tracesEndpoint) return options.tracesEndpoint;
  if (options.endpoint) return fromBase(options.endpoint);
  const fallback = grpc ? defaults.grpcEndpoint : `${defaults.endpoint}${defaults.tracesPath}`;
  const specific = read.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', fallback);
  if (specific) return specific;
  const general = read.url('OTEL_EXPORTER_OTLP_ENDPOINT', fallback);
  return general ? fromBase(general) : fallback;
}

function exporter(read: EnvReader): ResolvedConfig['exporter'] {
  const list = read.list('OTEL_TRACES_EXPORTER');
  if (!list || list.length === 0) return defaults.exporter;
  const known = list.filter((name) => (exporterNames as readonly string[]).includes(name));
  const unknown = list.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const fallback = known[0] ?? defaults.exporter;
    read.problem(
      'OTEL_TRACES_EXPORTER',
      list.join(','),
      `names an unknown exporter (${unknown.join(', ')}; known: ${exporterNames.join(', ')})`,
      fallback,
    );
    return fallback as ResolvedConfig['exporter'];
  }
  if (known.length > 1) {
    read.problem(
      'OTEL_TRACES_EXPORTER',
      list.join(','),
      'names more than one exporter (one is supported)',
      known[0],
    );
  }
  return known[0] as ResolvedConfig['exporter'];
}

function sampler(
  options: StartOptions,
  read: EnvReader,
): { name: (typeof samplerNames)[number]; arg: number } {
  const name =
    (options.sampler as (typeof samplerNames)[number] | undefined) ??
    read.oneOf('OTEL_TRACES_SAMPLER', samplerNames, defaults.sampler);
  const arg =
    options.samplerArg ??
    (name.endsWith('traceidratio')
      ? read.number('OTEL_TRACES_SAMPLER_ARG', defaults.samplerArg, { min: 0, max: 1 })
      : defaults.samplerArg);
  return { name, arg };
}

/** A list of known names; unknown ones are reported and skipped, and an all-unknown list falls back to the default. */
function names(
  read: EnvReader,
  key: string,
  known: readonly string[],
  fallback: readonly string[],
): string[] {
  const list = read.list(key);
  if (list === undefined) return [...fallback];
  const good = list.filter((name) => known.includes(name));
  const bad = list.filter((name) => !known.includes(name));
  if (bad.length === 0) return good;
  const used = good.length > 0 ? good : [...fallback];
  read.problem(
    key,
    list.join(','),
    `names unknown entries (${bad.join(', ')}; known: ${known.join(', ')})`,
    used.join(','),
  );
  return used;
}

function batch(options: StartOptions, read: EnvReader): ResolvedConfig['batch'] {
  const result: ResolvedConfig['batch'] = { ...defaults.batch };
  for (const key of Object.keys(defaults.batch) as Array<keyof typeof defaults.batch>) {
    const { env, range } = batchEnv[key];
    result[key] = options.batch?.[key] ?? read.number(env, defaults.batch[key], range);
  }
  const { env, range } = batchEnv.maxExportBatchSize;
  const batchSize =
    options.batch?.maxExportBatchSize ?? read.optionalNumber(env, range, defaults.batchSizeText);
  // Upstream's rule: a batch larger than the queue can never fill; clamp rather than refuse to start.
  if (batchSize !== undefined) result.maxExportBatchSize = Math.min(batchSize, result.maxQueueSize);
  return result;
}

function spanLimits(options: StartOptions, read: EnvReader): SpanLimits {
  const limits: SpanLimits = {};
  for (const key of Object.keys(spanLimitEnv) as Array<keyof typeof spanLimitEnv>) {
    const fromEnv = spanLimitEnv[key]
      .map((env) =>
        read.raw(env) === undefined ? undefined : read.number(env, NaN, { min: 0, integer: true }),
      )
      .find((value) => value !== undefined && !Number.isNaN(value));
    const value = options.spanLimits?.[key] ?? fromEnv;
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

function instrumentations(
  options: StartOptions,
  read: EnvReader,
): ResolvedConfig['instrumentations'] {
  const enabled =
    options.instrumentations?.enabled ??
    optionalNames(read, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', defaultInstrumentationNames) ??
    defaultInstrumentationNames;
  const disabled =
    options.instrumentations?.disabled ??
    optionalNames(read, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS', []) ??
    [];
  const config = options.instrumentations?.config ?? {};
  const final = new Set(enabled.filter((name) => !disabled.includes(name)));
  for (const [name, entry] of Object.entries(config)) {
    if (entry?.enabled === true) final.add(name);
    if (entry?.enabled === false) final.delete(name);
  }
  return {
    enabled: allInstrumentationNames.filter((name) => final.has(name)),
    config,
    extra: options.instrumentations?.extra ?? [],
  };
}

function optionalNames(
  read: EnvReader,
  key: string,
  fallback: readonly string[],
): string[] | undefined {
  return read.list(key) === undefined
    ? undefined
    : names(read, key, allInstrumentationNames, fallback);
}
