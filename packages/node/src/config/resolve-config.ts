import type { Attributes } from '@opentelemetry/api';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';
import { EnvReader, type Env } from '@otelkit/core';
import type { ConfigResolution, ResolvedConfig } from '../internal-types';
import type { LogLevel, SamplerName, StartOptions, TracesExporterName } from '../types';
import { resolveExportConfig } from './export-config';
import { allInstrumentationNames, defaultInstrumentationNames, exporterNames } from './known-names';
import { optionAt, optionTable, type OptionName, type OptionSpec } from './option-table';
import { listed, readEnvOption } from './read-env-option';

/**
 * Merges code options over `OTEL_*`/`OTELKIT_*` env over defaults. Pure: no I/O, no globals, so every combination is
 * table-tested. Code options must have passed validateOptions(); env problems come back as lines, never as throws.
 * `extraPropagatorNames` are names a plugin (@otelkit/propagators) knows. The export settings are resolved by
 * @otelkit/export, which alone reads their variables.
 */
export function resolveConfig(
  options: StartOptions,
  env: Env,
  extraPropagatorNames: readonly string[] = [],
): ConfigResolution {
  const read = new EnvReader(env);
  /** Code option > variable > the table's default, for one row of the option table. */
  const setting = <T>(name: OptionName): T => {
    const spec: OptionSpec = optionTable[name];
    return (optionAt(options, name) ??
      readEnvOption(read, spec, extraPropagatorNames) ??
      spec.default) as T;
  };
  const resourceFromEnv = read.keyValues('OTEL_RESOURCE_ATTRIBUTES') ?? {};
  const detectors = setting<string[] | undefined>('resourceDetectors');
  const exported = resolveExportConfig(options, env);
  const config: ResolvedConfig = {
    disabled: setting('disabled'),
    serviceName: setting<string | undefined>('serviceName') ?? resourceFromEnv['service.name'],
    serviceVersion: options.serviceVersion,
    resourceAttributes: {
      ...((detectors?.includes('none') ? {} : resourceFromEnv) as Attributes),
      ...options.resourceAttributes,
    },
    resourceDetectors: detectors,
    exporter: options.traceExporter ?? exporter(read),
    exporterConfig: exported.exporterConfig,
    processorConfig: exported.processorConfig,
    sampler: sampler(options, setting),
    sampling: options.sampling,
    masking: options.masking,
    propagation: options.propagation,
    propagators: setting('propagators'),
    spanLimits: spanLimits(setting),
    spanProcessors: options.spanProcessors ?? [],
    instrumentations: instrumentations(options, setting),
    logLevel: setting<LogLevel>('logLevel'),
    handleSignals: setting('handleSignals'),
    shutdownTimeoutMillis: setting('shutdownTimeoutMillis'),
    exportStartupSpans: setting('exportStartupSpans'),
    startupWindowMillis: setting('startupWindowMillis'),
    contextLossIntervalMillis: setting('contextLossIntervalMillis'),
  };
  return { config, problems: [...read.problems, ...exported.problems] };
}

type Setting = <T>(name: OptionName) => T;

/** OTEL_TRACES_EXPORTER is a list in the spec; one exporter is supported, the first known one is used. */
function exporter(read: EnvReader): TracesExporterName {
  const name = 'OTEL_TRACES_EXPORTER';
  const fallback = optionTable.traceExporter.default;
  const list = read.list(name);
  if (!list || list.length === 0) return fallback;
  const known = list.filter((entry) => (exporterNames as readonly string[]).includes(entry));
  const unknown = list.filter((entry) => !known.includes(entry));
  const used = (known[0] ?? fallback) as TracesExporterName;
  if (unknown.length > 0) {
    read.problem(
      name,
      `names an unknown exporter (${listed(unknown)}; known: ${exporterNames.join(', ')})`,
      used,
    );
  } else if (known.length > 1) {
    read.problem(name, 'names more than one exporter (one is supported)', used);
  }
  return used;
}

/** The ratio is read only for the ratio samplers: `OTEL_TRACES_SAMPLER_ARG` means nothing to the others. */
function sampler(options: StartOptions, setting: Setting): ResolvedConfig['sampler'] {
  if (options.sampler && typeof options.sampler !== 'string') return options.sampler;
  const name = setting<SamplerName>('sampler');
  const arg = name.endsWith('traceidratio')
    ? setting<number>('samplerArg')
    : optionTable.samplerArg.default;
  return { name, arg };
}

const spanLimitNames = (Object.keys(optionTable) as OptionName[]).filter((name) =>
  name.startsWith('spanLimits.'),
);

function spanLimits(setting: Setting): SpanLimits {
  const limits: Record<string, number> = {};
  for (const name of spanLimitNames) {
    const value = setting<number | undefined>(name);
    if (value !== undefined) limits[name.slice('spanLimits.'.length)] = value;
  }
  return limits as SpanLimits;
}

function instrumentations(
  options: StartOptions,
  setting: Setting,
): ResolvedConfig['instrumentations'] {
  const enabled =
    setting<string[] | undefined>('instrumentations.enabled') ?? defaultInstrumentationNames;
  const disabled = setting<string[] | undefined>('instrumentations.disabled') ?? [];
  const config = options.instrumentations?.config ?? {};
  const final = new Set(enabled.filter((name) => !disabled.includes(name)));
  for (const [name, entry] of Object.entries(config)) {
    if (entry?.enabled === true) final.add(name);
    if (entry?.enabled === false) final.delete(name);
  }
  // Both would patch express and every layer would get two spans: asking for upstream's means instead of otelkit's.
  if (final.has('express-upstream')) final.delete('express');
  return {
    enabled: allInstrumentationNames.filter((name) => final.has(name)),
    config,
    extra: options.instrumentations?.extra ?? [],
  };
}
