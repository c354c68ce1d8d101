import type { TextMapPropagator } from '@opentelemetry/api';
import { EnvReader } from '@otelkit/core';
import type { Diagnostics, Env } from '@otelkit/core';
import type { PropagatorOptions, WarnFunction } from './types';
import { diagnostics } from './internal/diagnostics';

type Options = typeof import('./config/resolve-options');
const options = () => require('./config/resolve-options') as Options;

// Each factory requires its propagator when called: a distribution asks this module for the names at every start,
// and loading all five with their codecs and option tables (19 modules) would be paid by every process that uses
// none of them.
const FACTORIES: Readonly<
  Record<string, (options: PropagatorOptions, reader: EnvReader) => TextMapPropagator>
> = {
  // The default W3C propagator of @otelkit/node: it resolves its one setting without the option tables, which load
  // the alias and forwarding propagators as well.
  'tracecontext-strict': (o, s) => {
    const { StrictTraceContextPropagator } =
      require('./w3c/strict-trace-context-propagator') as typeof import('./w3c/strict-trace-context-propagator');
    const { resolveTracestateMaxLength } =
      require('./config/tracestate-max-length') as typeof import('./config/tracestate-max-length');
    return new StrictTraceContextPropagator({
      tracestateMaxLength: resolveTracestateMaxLength(
        o['tracecontext-strict']?.tracestateMaxLength,
        s,
      ),
    });
  },
  'baggage-strict': () => {
    const { StrictBaggagePropagator } =
      require('./w3c/strict-baggage-propagator') as typeof import('./w3c/strict-baggage-propagator');
    return new StrictBaggagePropagator();
  },
  alias: (o, s) => {
    const { AliasPropagator } =
      require('./custom/alias-propagator') as typeof import('./custom/alias-propagator');
    return new AliasPropagator(options().resolveAliasOptions(o.alias, s));
  },
  xcloud: () => {
    const { XCloudTraceContextPropagator } =
      require('./custom/xcloud-propagator') as typeof import('./custom/xcloud-propagator');
    return new XCloudTraceContextPropagator();
  },
  forward: (o, s) => {
    const { HeaderForwardingPropagator } =
      require('./custom/header-forwarding-propagator') as typeof import('./custom/header-forwarding-propagator');
    return new HeaderForwardingPropagator(options().resolveForwardingOptions(o.forward, s));
  },
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
