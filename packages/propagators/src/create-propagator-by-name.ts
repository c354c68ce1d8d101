import type { TextMapPropagator } from '@opentelemetry/api';
import type { PropagatorOptions, WarnFunction } from './types';
import { defaultWarn } from './internal/diagnostics';
import {
  resolveAliasOptions,
  resolveForwardingOptions,
  resolveTraceContextOptions,
} from './config/resolve-options';
import { StrictTraceContextPropagator } from './w3c/strict-trace-context-propagator';
import { StrictBaggagePropagator } from './w3c/strict-baggage-propagator';
import { AliasPropagator } from './custom/alias-propagator';
import { XCloudTraceContextPropagator } from './custom/xcloud-propagator';
import { HeaderForwardingPropagator } from './custom/header-forwarding-propagator';
import type { EnvSource } from './config/env-values';

const FACTORIES: Readonly<
  Record<string, (options: PropagatorOptions, source: EnvSource) => TextMapPropagator>
> = {
  'tracecontext-strict': (o, s) =>
    new StrictTraceContextPropagator(resolveTraceContextOptions(o['tracecontext-strict'], s)),
  'baggage-strict': () => new StrictBaggagePropagator(),
  alias: (o, s) => new AliasPropagator(resolveAliasOptions(o.alias, s)),
  xcloud: () => new XCloudTraceContextPropagator(),
  forward: (o, s) => new HeaderForwardingPropagator(resolveForwardingOptions(o.forward, s)),
};

/** The `OTEL_PROPAGATORS` names this package provides. */
export const propagatorNames: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/**
 * Builds the propagator for one `OTEL_PROPAGATORS` name (case-insensitive), with code options > `OTELKIT_*` env >
 * defaults. Returns undefined for a name this package does not provide. A bad env value is reported through `warn`
 * once and replaced by its default; a bad code option throws.
 */
export function createPropagatorByName(
  name: string,
  options: PropagatorOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  warn: WarnFunction = defaultWarn,
): TextMapPropagator | undefined {
  const key = name.trim().toLowerCase();
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, key) ? FACTORIES[key] : undefined;
  return factory?.(options, { env, warn });
}
