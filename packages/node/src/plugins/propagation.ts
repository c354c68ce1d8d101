import type { TextMapPropagator } from '@opentelemetry/api';
import type { Diagnostics } from '../internal-types';

/**
 * Looks up an OTEL_PROPAGATORS name that the built-in set (tracecontext, baggage, b3, b3multi, jaeger, xray, none)
 * does not know, in @otelkit/propagators (e.g. xcloud, alias, forward). Returns undefined for an unknown name.
 * Stub until @otelkit/propagators is wired in.
 */
export function resolvePropagatorPlugin(
  _name: string,
  _option: unknown,
  _env: NodeJS.ProcessEnv,
  _diag: Diagnostics,
): TextMapPropagator | undefined {
  return undefined;
}

/** Names the plugin knows, listed in diagnostics for an unknown propagator. */
export const pluginPropagatorNames: readonly string[] = [];
