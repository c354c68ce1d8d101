import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { createSampler } from '../sdk/create-sampler';
import { resolveMaskingPlugin } from './masking';
import { resolvePropagationProcessor } from './propagation';
import { resolveSamplingPlugin, type SamplingPlugin } from './sampling';

/** What the optional packages add to the pipeline. */
export interface Plugins {
  sampling: SamplingPlugin;
  /** In order, before export: masking first, so nothing after it sees unmasked data. */
  processors: SpanProcessor[];
}

/**
 * Resolved before the SDK is built and outside start()'s safety net on purpose: a bad `sampling` or `masking` option
 * written in code must throw from start(), like every other bad option. Bad env values only warn.
 */
export function resolvePlugins(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): Plugins {
  const sampling =
    resolveSamplingPlugin(config.sampling, env, diag) ?? createSampler(config.sampler);
  const processors: SpanProcessor[] = [];
  const masking = resolveMaskingPlugin(config.masking, env, diag);
  if (masking) processors.push(masking);
  const forwarded = resolvePropagationProcessor(env, diag);
  if (forwarded) processors.push(forwarded);
  return { sampling, processors };
}
