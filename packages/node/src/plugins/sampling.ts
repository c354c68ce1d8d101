import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
// The lean entry: it loads the samplers only once sampling is configured.
import { resolveSampling, type SamplingOption } from '@otelkit/samplers/distro';
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
 * A bad option in code throws; a bad env value warns once and falls back to the `balanced` preset.
 */
export function resolveSamplingPlugin(
  option: unknown,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): SamplingPlugin | undefined {
  return resolveSampling(option as SamplingOption | undefined, env, diag);
}
