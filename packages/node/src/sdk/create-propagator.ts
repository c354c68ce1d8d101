import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { resolvePropagatorPlugin } from '../plugins/propagation';

const builtIns: Record<string, () => TextMapPropagator> = {
  tracecontext: () => new W3CTraceContextPropagator(),
  baggage: () => new W3CBaggagePropagator(),
  b3: () => new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER }),
  b3multi: () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
  jaeger: () => new JaegerPropagator(),
  xray: () => new AWSXRayPropagator(),
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
      builtIns[entry]?.() ?? resolvePropagatorPlugin(entry, config.propagation, env, diag);
    if (made) {
      propagators.push(made);
      names.push(entry);
    }
  }
  return { propagator: new CompositePropagator({ propagators }), names };
}
