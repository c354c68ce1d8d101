import type { SamplingOption, SamplingSetup } from '../types';
import { buildSampling, createSampling } from './create-sampling';
import { FALLBACK_PRESET, readSamplingEnv } from './read-env';

/**
 * Resolves sampling from code and environment: `option` wins over OTELKIT_SAMPLER/OTELKIT_SAMPLER_ARG.
 * Returns undefined when neither is set (the standard OTEL_TRACES_SAMPLER handling then applies).
 * A bad `option` throws a clear Error; a bad environment value gives one prefixed warning and the documented
 * fallback (`balanced`), so configuration by environment never stops the application.
 */
export function resolveSampling(
  option: SamplingOption | undefined,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): SamplingSetup | undefined {
  if (option !== undefined) return createSampling(option, warn);
  const fromEnv = readSamplingEnv(env, warn);
  if (fromEnv === undefined) return undefined;
  try {
    return buildSampling(fromEnv, warn);
  } catch (error) {
    warn(
      `@otelkit/samplers: OTELKIT_SAMPLER configuration is invalid (${(error as Error).message}); using ${FALLBACK_PRESET}`,
    );
    return createSampling(FALLBACK_PRESET, warn);
  }
}
