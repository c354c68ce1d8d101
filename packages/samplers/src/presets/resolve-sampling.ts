import { cut, diagnosticsFor } from '@otelkit/core';
import type { Diagnostics, Env } from '@otelkit/core';
import { PACKAGE } from '../config-error';
import type { SamplingOption, SamplingSetup } from '../types';
import { FALLBACK_PRESET, readSamplingEnv } from './read-env';

// Required once sampling is configured: a distribution calls resolveSampling at every start, and with neither an
// option nor OTELKIT_SAMPLER it needs only the env reader, not the samplers, rules and tail sampling (28 modules,
// ~7 ms of CPU measured on the 2-core bench VM).
const building = () => require('./create-sampling') as typeof import('./create-sampling');

/**
 * Resolves sampling from code and environment: `option` wins over OTELKIT_SAMPLER/OTELKIT_SAMPLER_ARG.
 * Returns undefined when neither is set (the standard OTEL_TRACES_SAMPLER handling then applies).
 * A bad `option` throws a TypeError naming it; a bad environment value is one line on `diagnostics` (a
 * Diagnostics or a `warn` callback; default the process channel) and the documented fallback (`balanced`), so
 * configuration by environment never stops the application. A rule whose pattern cannot run in linear time is
 * skipped with one line.
 */
export function resolveSampling(
  option: SamplingOption | undefined,
  env: Env,
  diagnostics?: Diagnostics | ((message: string) => void),
): SamplingSetup | undefined {
  const out = diagnosticsFor(PACKAGE, diagnostics);
  const warn = (message: string): void => out.warn(message);
  if (option !== undefined) return building().createSampling(option, warn);
  const { option: fromEnv, problems } = readSamplingEnv(env);
  for (const line of problems) out.warn(line);
  if (fromEnv === undefined) return undefined;
  const usable =
    typeof fromEnv === 'object' && !('preset' in fromEnv)
      ? (
          require('./skip-refused-patterns') as typeof import('./skip-refused-patterns')
        ).withoutRefusedPatterns(fromEnv, out)
      : fromEnv;
  try {
    return building().buildSampling(usable, warn);
  } catch (error) {
    // Cut: an engine's message may quote the whole configured pattern.
    const why = cut((error as Error).message.replace(`${PACKAGE}: `, ''), 300);
    out.warn(`OTELKIT_SAMPLER_ARG configuration is invalid (${why}); using ${FALLBACK_PRESET}`);
    return building().createSampling(FALLBACK_PRESET, warn);
  }
}
