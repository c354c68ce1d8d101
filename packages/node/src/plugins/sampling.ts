import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Diagnostics } from '../internal-types';

/** What the sampling plugin hands to start(): a head sampler and, optionally, a wrapper placed before the exporter. */
export interface SamplingPlugin {
  sampler: Sampler;
  /** Wraps the export processor (e.g. in-process tail sampling decides what reaches it). */
  wrapProcessor?: (next: SpanProcessor) => SpanProcessor;
  /** Short human description for the startup line, e.g. `balanced (parentbased 10% + tail errors/slow)`. */
  description: string;
}

/**
 * Resolves `options.sampling` and `OTELKIT_SAMPLER`/`OTELKIT_SAMPLER_ARG` through @otelkit/samplers.
 * Returns undefined when neither is set, so the standard OTEL_TRACES_SAMPLER handling applies.
 * Stub until @otelkit/samplers is wired in.
 */
export function resolveSamplingPlugin(
  _option: unknown,
  _env: NodeJS.ProcessEnv,
  _diag: Diagnostics,
): SamplingPlugin | undefined {
  return undefined;
}
