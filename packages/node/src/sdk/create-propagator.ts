import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { resolvePropagatorPlugin } from '../plugins/propagation';

type B3Module = typeof import('@opentelemetry/propagator-b3');

// W3C comes with @opentelemetry/core, which the SDK loads anyway; b3, jaeger and xray are packages of their own
// (11 modules, ~6 ms of CPU at start-up on the bench VM), required only when OTEL_PROPAGATORS names them.
const b3 = (single: boolean) => {
  const { B3Propagator, B3InjectEncoding } = require('@opentelemetry/propagator-b3') as B3Module;
  return new B3Propagator({
    injectEncoding: single ? B3InjectEncoding.SINGLE_HEADER : B3InjectEncoding.MULTI_HEADER,
  });
};

const builtIns: Record<string, () => TextMapPropagator> = {
  // Upstream's W3C propagators, reachable by name for a service that must behave exactly as the upstream SDK does
  // (its tracestate drops keys the older grammar rejects, such as `foo@`, and keeps a repeated key's last value).
  'tracecontext-upstream': () => new W3CTraceContextPropagator(),
  'baggage-upstream': () => new W3CBaggagePropagator(),
  b3: () => b3(true),
  b3multi: () => b3(false),
  jaeger: () =>
    new (
      require('@opentelemetry/propagator-jaeger') as typeof import('@opentelemetry/propagator-jaeger')
    ).JaegerPropagator(),
  xray: () =>
    new (
      require('@opentelemetry/propagator-aws-xray') as typeof import('@opentelemetry/propagator-aws-xray')
    ).AWSXRayPropagator(),
};

/**
 * The standard names are otelkit's strict propagators, which pass the current W3C Trace Context suite in full
 * (test/integration/w3c-trace-context.test.ts); their settings stay keyed by the strict names in `propagation`.
 */
const strictFor: Record<string, string> = {
  tracecontext: 'tracecontext-strict',
  baggage: 'baggage-strict',
};

/** One composite of the configured propagators, in order; `none` alone turns propagation off. */
export function createPropagator(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): { propagator: TextMapPropagator; names: string[] } {
  const propagators: TextMapPropagator[] = [];
  const names: string[] = [];
  for (const entry of config.propagators) {
    if (typeof entry !== 'string') {
      propagators.push(entry);
      names.push(entry.constructor?.name ?? 'custom');
      continue;
    }
    if (entry === 'none') continue;
    const made =
      builtIns[entry]?.() ??
      resolvePropagatorPlugin(strictFor[entry] ?? entry, config.propagation, env, diag);
    if (made) {
      propagators.push(made);
      names.push(entry);
    }
  }
  return { propagator: new CompositePropagator({ propagators }), names };
}
