import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MaskingSpanProcessor } from '../processor';
import type { MaskingOptions, MaskingPreset } from '../types';
import type { MaskingEnv } from './read-env';
import { readMaskingEnv } from './read-env';

const CODE_PRESETS = ['default', 'strict', 'none'];

/** The `masking` option as options, or 'off'. Throws on a value of the wrong shape (a bug in the caller's code). */
function codeOptions(option: unknown): MaskingOptions | 'off' {
  if (option === undefined || option === true) return {};
  if (option === false || option === 'off') return 'off';
  if (typeof option === 'string' && CODE_PRESETS.includes(option))
    return { preset: option as MaskingPreset };
  if (typeof option === 'object' && option !== null && !Array.isArray(option))
    return option as MaskingOptions;
  throw new Error(
    `@otelkit/masking: the masking option must be true, false, 'default', 'strict', 'none', 'off' or an options object, got ${JSON.stringify(option)}`,
  );
}

/** Code wins over env per field; rules add up (code rules first, then the env file's). */
function merge(
  code: MaskingOptions,
  env: MaskingEnv,
  withFile: boolean,
  warn: (m: string) => void,
): MaskingOptions {
  const file = withFile ? (env.file ?? {}) : {};
  const preset = code.preset ?? (env.preset === 'off' ? undefined : env.preset) ?? file.preset;
  const keep = code.keepGenAiContent ?? env.keepGenAiContent ?? file.keepGenAiContent;
  const merged: MaskingOptions = {
    ...file,
    ...code,
    detectors: { ...file.detectors, ...env.detectors, ...code.detectors },
    rules: [...(code.rules ?? []), ...(file.rules ?? [])],
    warn: code.warn ?? warn,
  };
  if (preset !== undefined) merged.preset = preset;
  if (keep !== undefined) merged.keepGenAiContent = keep;
  const hashKey = code.hashKey ?? env.hashKey;
  if (hashKey !== undefined) merged.hashKey = hashKey;
  return merged;
}

/**
 * Resolves the `masking` option of @otelkit/node and the `OTELKIT_MASKING*` env into a processor to register
 * first, or undefined when masking is off (`false`/`'off'` in code, or `OTELKIT_MASKING=off` with no preset in code).
 * Masking is on by default. Bad env values are reported through `warn` and replaced by their defaults; a bad
 * option in code throws.
 */
export function resolveMasking(
  option: unknown,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): SpanProcessor | undefined {
  const code = codeOptions(option);
  if (code === 'off') return undefined;
  const fromEnv = readMaskingEnv(env, warn);
  if (code.preset === undefined && fromEnv.preset === 'off') return undefined;
  if (fromEnv.file === undefined)
    return new MaskingSpanProcessor(merge(code, fromEnv, false, warn));
  try {
    return new MaskingSpanProcessor(merge(code, fromEnv, true, warn));
  } catch (err) {
    // The code options alone may be at fault: building without the file rethrows in that case.
    const processor = new MaskingSpanProcessor(merge(code, fromEnv, false, warn));
    warn(
      `@otelkit/masking: OTELKIT_MASKING_RULES (${fromEnv.fileSource}) is invalid: ${(err as Error).message}; ignoring it`,
    );
    return processor;
  }
}
