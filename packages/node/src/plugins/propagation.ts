import type { TextMapPropagator } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
// The lean entry: the package's main one also loads the messaging helpers, which no start needs.
import {
  createPropagatorByName,
  forwardedHeadersSpanProcessorFromEnv,
  propagatorNames,
  type PropagatorOptions,
} from '@otelkit/propagators/distro';
import type { Diagnostics } from '../internal-types';

/**
 * Looks up an OTEL_PROPAGATORS name in @otelkit/propagators: tracecontext-strict, baggage-strict (what
 * `tracecontext` and `baggage` mean, see create-propagator.ts), alias, xcloud, forward. The names create-propagator.ts
 * makes itself (b3, b3multi, jaeger, xray, none, tracecontext-upstream, baggage-upstream) never reach here. Settings
 * come from `option` (keyed by name) > OTELKIT_* env > defaults. Returns undefined for an unknown name.
 */
export function resolvePropagatorPlugin(
  name: string,
  option: unknown,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): TextMapPropagator | undefined {
  const options =
    typeof option === 'object' && option !== null ? (option as PropagatorOptions) : undefined;
  return createPropagatorByName(name, options, env, diag);
}

/**
 * The processor that records forwarded headers as span attributes when `OTELKIT_FORWARD_HEADERS_ATTRIBUTES=true`.
 */
export function resolvePropagationProcessor(
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): SpanProcessor | undefined {
  return forwardedHeadersSpanProcessorFromEnv(env, diag);
}

/** Names the plugin knows, listed in diagnostics for an unknown propagator. */
export const pluginPropagatorNames: readonly string[] = propagatorNames;
