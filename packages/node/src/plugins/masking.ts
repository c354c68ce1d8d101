import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Diagnostics } from '../internal-types';

/**
 * Resolves `options.masking` and `OTELKIT_MASKING*` env through @otelkit/masking into a processor that start()
 * places first, so it edits spans in onEnding before any other processor or exporter sees them.
 * Returns undefined when masking is off. Stub until @otelkit/masking is wired in.
 */
export function resolveMaskingPlugin(
  _option: unknown,
  _env: NodeJS.ProcessEnv,
  _diag: Diagnostics,
): SpanProcessor | undefined {
  return undefined;
}
