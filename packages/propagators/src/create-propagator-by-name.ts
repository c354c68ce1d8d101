import type { TextMapPropagator } from '@opentelemetry/api';
import { EnvReader } from '@otelkit/core';
import type { Diagnostics, Env } from '@otelkit/core';
import type { PropagatorOptions, WarnFunction } from './types';
import { diagnostics } from './internal/diagnostics';
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

const FACTORIES: Readonly<
  Record<string, (options: PropagatorOptions, reader: EnvReader) => TextMapPropagator>
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
 * defaults. Returns undefined for a name this package does not provide. A bad env value is one line on `warn` (a
 * Diagnostics or a callback; default the process channel) and replaced by its default; a bad code option throws a
 * TypeError naming it.
 */
export function createPropagatorByName(
  name: string,
  options: PropagatorOptions = {},
  env: Env = process.env,
  warn?: Diagnostics | WarnFunction,
): TextMapPropagator | undefined {
  const key = name.trim().toLowerCase();
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, key) ? FACTORIES[key] : undefined;
  if (factory === undefined) return undefined;
  const reader = new EnvReader(env);
  const propagator = factory(options, reader);
  const out = diagnostics(warn);
  for (const line of reader.problems) out.warn(line);
  return propagator;
}
