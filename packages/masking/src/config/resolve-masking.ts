import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { cut, diagnosticsFor, echo, RefusedPatternError } from '@otelkit/core';
import type { Diagnostics, Env } from '@otelkit/core';
import { fail, PACKAGE } from '../fail';
import { MaskingSpanProcessor } from '../processor';
import type { MaskingOptions, MaskingPreset, Rule } from '../types';
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
  return fail(
    'masking',
    option,
    "true, false, 'default', 'strict', 'none', 'off' or an options object",
  );
}

/** Code wins over env per field; rules add up (code rules first, then the env file's). */
function merge(
  code: MaskingOptions,
  env: MaskingEnv,
  fileRules: Rule[] | undefined,
): MaskingOptions {
  const file: MaskingEnv['file'] = fileRules !== undefined ? { ...env.file, rules: fileRules } : {};
  const preset = code.preset ?? (env.preset === 'off' ? undefined : env.preset) ?? file.preset;
  const keep = code.keepGenAiContent ?? env.keepGenAiContent ?? file.keepGenAiContent;
  const merged: MaskingOptions = {
    ...file,
    ...code,
    detectors: { ...file.detectors, ...env.detectors, ...code.detectors },
    rules: [...(code.rules ?? []), ...(file.rules ?? [])],
  };
  if (preset !== undefined) merged.preset = preset;
  if (keep !== undefined) merged.keepGenAiContent = keep;
  const hashKey = code.hashKey ?? env.hashKey;
  if (hashKey !== undefined) merged.hashKey = hashKey;
  return merged;
}

/** Longest reason quoted in a line: a parser's or an engine's message may quote the whole configured text. */
const REASON_MAX = 300;

/** An option error's message without the package prefix, its rule renumbered as in the file, cut. */
function reason(err: unknown, index = 0): string {
  const message = (err as Error).message
    .replace(`${PACKAGE}: `, '')
    .replace(/^option rules\[0\]/, `option rules[${index}]`);
  return cut(message, REASON_MAX);
}

/**
 * The env file's rules without those whose pattern the linear-time engine refuses: each such rule is one line and
 * is skipped, so one bad pattern neither stalls requests nor turns the other rules off. Any other bad rule makes
 * the whole file invalid (`invalid` says why), as before.
 */
function usableRules(
  env: MaskingEnv,
  hashKey: string | undefined,
  diagnostics: Diagnostics,
): { rules: Rule[]; invalid?: string } {
  const rules = env.file?.rules;
  if (rules === undefined) return { rules: [] };
  if (!Array.isArray(rules)) return { rules, invalid: 'option rules is not an array' };
  const usable: Rule[] = [];
  for (const [i, rule] of rules.entries()) {
    try {
      new MaskingSpanProcessor({ preset: 'none', rules: [rule], hashKey }, diagnostics);
      usable.push(rule);
    } catch (err) {
      if (!(err instanceof RefusedPatternError)) return { rules, invalid: reason(err, i) };
      const option = err.option.replace(/^rules\[0\]/, `rules[${i}]`);
      diagnostics.warn(
        `${env.fileSource} ${option}: the pattern ${echo('pattern', err.pattern)} ${cut(err.problem, REASON_MAX)}; skipping this rule`,
      );
    }
  }
  return { rules: usable };
}

/**
 * Resolves the `masking` option of @otelkit/node and the `OTELKIT_MASKING*` env into a processor to register
 * first, or undefined when masking is off (`false`/`'off'` in code, or `OTELKIT_MASKING=off` with no preset in code).
 * Masking is on by default. Bad env values are one line each on `diagnostics` (a Diagnostics, or a `warn`
 * callback; default the process channel) and replaced by their defaults; a bad option in code throws a TypeError.
 */
export function resolveMasking(
  option: unknown,
  env: Env,
  diagnostics?: Diagnostics | ((message: string) => void),
): SpanProcessor | undefined {
  const code = codeOptions(option);
  if (code === 'off') return undefined;
  const out = diagnosticsFor(PACKAGE, diagnostics);
  const { config: fromEnv, problems } = readMaskingEnv(env);
  out.addSecrets([fromEnv.hashKey]);
  for (const line of problems) out.warn(line);
  if (code.preset === undefined && fromEnv.preset === 'off') return undefined;
  if (fromEnv.file === undefined)
    return new MaskingSpanProcessor(merge(code, fromEnv, undefined), out);
  // The code options alone may be at fault: building without the file first rethrows in that case.
  const withoutFile = new MaskingSpanProcessor(merge(code, fromEnv, undefined), out);
  const { rules, invalid } = usableRules(fromEnv, code.hashKey ?? fromEnv.hashKey, out);
  try {
    if (invalid === undefined) return new MaskingSpanProcessor(merge(code, fromEnv, rules), out);
    out.warn(`${fromEnv.fileSource} is invalid: ${invalid}; ignoring it`);
  } catch (err) {
    out.warn(`${fromEnv.fileSource} is invalid: ${reason(err)}; ignoring it`);
  }
  return withoutFile;
}
