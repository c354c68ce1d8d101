import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WarnFunction } from '../types';
import { defaultWarn } from '../internal/diagnostics';
import { envBoolean } from '../config/env-values';
import { ForwardedHeadersSpanProcessor } from './forwarded-headers-span-processor';

export const FORWARD_HEADERS_ATTRIBUTES_ENV = 'OTELKIT_FORWARD_HEADERS_ATTRIBUTES';

/**
 * For distributions: the span processor that records forwarded headers as attributes when
 * `OTELKIT_FORWARD_HEADERS_ATTRIBUTES=true` (default false), else undefined.
 */
export function forwardedHeadersSpanProcessorFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  warn: WarnFunction = defaultWarn,
): SpanProcessor | undefined {
  return envBoolean({ env, warn }, FORWARD_HEADERS_ATTRIBUTES_ENV, false)
    ? new ForwardedHeadersSpanProcessor()
    : undefined;
}
