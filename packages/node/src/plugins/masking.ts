import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resolveMasking } from '@otelkit/masking';
import type { Diagnostics } from '../internal-types';

/**
 * Resolves `options.masking` and `OTELKIT_MASKING*` env through @otelkit/masking into a processor that start()
 * places first, so it edits spans in onEnding before any other processor or exporter sees them.
 * Returns undefined when masking is off; masking is on by default.
 */
export function resolveMaskingPlugin(
  option: unknown,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): SpanProcessor | undefined {
  return resolveMasking(option, env, diag);
}
