import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { EnvReader } from '@otelkit/core';
import type { Diagnostics, Env } from '@otelkit/core';
import type { WarnFunction } from '../types';
import { diagnostics } from '../internal/diagnostics';

export const FORWARD_HEADERS_ATTRIBUTES_ENV = 'OTELKIT_FORWARD_HEADERS_ATTRIBUTES';

/**
 * For distributions: the span processor that records forwarded headers as attributes when
 * `OTELKIT_FORWARD_HEADERS_ATTRIBUTES=true` (default false; spec booleans only: `true`/`false`, any case), else
 * undefined. A bad value is one line on `warn` (a Diagnostics or a callback; default the process channel).
 */
export function forwardedHeadersSpanProcessorFromEnv(
  env: Env = process.env,
  warn?: Diagnostics | WarnFunction,
): SpanProcessor | undefined {
  const reader = new EnvReader(env);
  const on = reader.boolean(FORWARD_HEADERS_ATTRIBUTES_ENV, false);
  const out = diagnostics(warn);
  for (const line of reader.problems) out.warn(line);
  if (!on) return undefined;
  // Required only when on: a distribution calls this at every start, and the processor is rarely enabled.
  const { ForwardedHeadersSpanProcessor } =
    require('./forwarded-headers-span-processor') as typeof import('./forwarded-headers-span-processor');
  return new ForwardedHeadersSpanProcessor();
}
