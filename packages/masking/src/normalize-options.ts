import { diagnosticsFor } from '@otelkit/core';
import type { Diagnostics } from '@otelkit/core';
import { DETECTOR_NAMES, presetDetectors } from './detectors/registry';
import { fail, PACKAGE } from './fail';
import type { DetectorName, MaskingOptions, MaskingPreset, Pattern, Rule } from './types';

export const DEFAULT_MASK = '[REDACTED]';
export const DEFAULT_MAX_VALUE_LENGTH = 32768;
export const DEFAULT_SUMMARY_ATTRIBUTE = 'otelkit.masking.count';
const PRESETS: readonly MaskingPreset[] = ['default', 'strict', 'none'];
const KNOWN = new Set([
  'preset',
  'detectors',
  'keepGenAiContent',
  'rules',
  'allowKeys',
  'ignoreKeys',
  'hashKey',
  'mask',
  'maxValueLength',
  'summaryAttribute',
  'resource',
  'warn',
]);

/** Options after validation, with every default filled in. */
export interface NormalizedOptions {
  readonly detectors: readonly DetectorName[];
  readonly rules: readonly Rule[];
  readonly allowKeys: readonly Pattern[] | undefined;
  readonly ignoreKeys: readonly Pattern[] | undefined;
  readonly hashKey: string | undefined;
  readonly mask: string;
  readonly maxValueLength: number;
  readonly summaryAttribute: string | undefined;
  readonly resource: boolean;
  readonly diagnostics: Diagnostics;
}

function optional<T>(
  value: T | undefined,
  ok: (v: T) => boolean,
  option: string,
  expected: string,
): T | undefined {
  if (value !== undefined && !ok(value)) fail(option, value, expected);
  return value;
}

function selectDetectors(options: MaskingOptions): DetectorName[] {
  const preset = options.preset ?? 'default';
  if (!PRESETS.includes(preset)) fail('preset', preset, `one of ${PRESETS.join(', ')}`);
  const on = new Set<DetectorName>(presetDetectors(preset));
  const overrides =
    optional(
      options.detectors,
      (d) => typeof d === 'object' && d !== null,
      'detectors',
      'an object of detector name: boolean',
    ) ?? {};
  for (const [name, enabled] of Object.entries(overrides)) {
    if (!DETECTOR_NAMES.includes(name as DetectorName))
      fail(`detectors.${name}`, enabled, `a known detector (${DETECTOR_NAMES.join(', ')})`);
    if (typeof enabled !== 'boolean') fail(`detectors.${name}`, enabled, 'a boolean');
    if (enabled) on.add(name as DetectorName);
    else on.delete(name as DetectorName);
  }
  if (
    optional(
      options.keepGenAiContent,
      (v) => typeof v === 'boolean',
      'keepGenAiContent',
      'a boolean',
    )
  )
    on.delete('gen-ai-content');
  return DETECTOR_NAMES.filter((n) => on.has(n));
}

const isPatternList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((p) => typeof p === 'string' || p instanceof RegExp);

/**
 * Validates options (a TypeError naming the option on a bad one) and fills in defaults. Lines go to
 * `options.warn` when given, else to `diagnostics` (what @otelkit/node hands down), else to the process channel.
 */
export function normalizeOptions(
  options: MaskingOptions,
  diagnostics?: Diagnostics,
): NormalizedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    fail('masking', options, 'an options object');
  for (const key of Object.keys(options))
    if (!KNOWN.has(key))
      fail(
        key,
        options[key as keyof MaskingOptions],
        `absent: options are ${[...KNOWN].join(', ')}`,
      );
  const summary = options.summaryAttribute;
  if (
    summary !== undefined &&
    summary !== false &&
    (typeof summary !== 'string' || summary === '')
  ) {
    fail('summaryAttribute', summary, 'a non-empty string or false');
  }
  const warn = optional(options.warn, (w) => typeof w === 'function', 'warn', 'a function');
  return {
    detectors: selectDetectors(options),
    rules: optional(options.rules, Array.isArray, 'rules', 'an array of rules') ?? [],
    allowKeys: optional(
      options.allowKeys,
      isPatternList,
      'allowKeys',
      'an array of strings or RegExps',
    ),
    ignoreKeys: optional(
      options.ignoreKeys,
      isPatternList,
      'ignoreKeys',
      'an array of strings or RegExps',
    ),
    hashKey: optional(
      options.hashKey,
      (k) => typeof k === 'string' && k !== '',
      'hashKey',
      'a non-empty string',
    ),
    mask: optional(options.mask, (m) => typeof m === 'string', 'mask', 'a string') ?? DEFAULT_MASK,
    maxValueLength:
      optional(
        options.maxValueLength,
        (n) => Number.isInteger(n) && n >= 64,
        'maxValueLength',
        'an integer >= 64',
      ) ?? DEFAULT_MAX_VALUE_LENGTH,
    summaryAttribute: summary === false ? undefined : (summary ?? DEFAULT_SUMMARY_ATTRIBUTE),
    resource:
      optional(options.resource, (v) => typeof v === 'boolean', 'resource', 'a boolean') ?? true,
    diagnostics: diagnosticsFor(PACKAGE, warn ?? diagnostics),
  };
}
