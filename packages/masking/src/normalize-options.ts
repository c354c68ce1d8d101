import { diag } from '@opentelemetry/api';
import { DETECTOR_NAMES, presetDetectors } from './detectors/registry';
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
  readonly warn: (message: string) => void;
}

function bad(message: string): never {
  throw new Error(`@otelkit/masking: ${message}`);
}

function optional<T>(value: T | undefined, ok: (v: T) => boolean, message: string): T | undefined {
  if (value !== undefined && !ok(value)) bad(message);
  return value;
}

function selectDetectors(options: MaskingOptions): DetectorName[] {
  const preset = options.preset ?? 'default';
  if (!PRESETS.includes(preset))
    bad(`preset ${JSON.stringify(preset)} is not one of ${PRESETS.join(', ')}`);
  const on = new Set<DetectorName>(presetDetectors(preset));
  const overrides =
    optional(
      options.detectors,
      (d) => typeof d === 'object' && d !== null,
      'detectors must be an object of name: boolean',
    ) ?? {};
  for (const [name, enabled] of Object.entries(overrides)) {
    if (!DETECTOR_NAMES.includes(name as DetectorName))
      bad(`unknown detector ${JSON.stringify(name)}; known: ${DETECTOR_NAMES.join(', ')}`);
    if (typeof enabled !== 'boolean') bad(`detectors.${name} must be a boolean`);
    if (enabled) on.add(name as DetectorName);
    else on.delete(name as DetectorName);
  }
  if (
    optional(
      options.keepGenAiContent,
      (v) => typeof v === 'boolean',
      'keepGenAiContent must be a boolean',
    )
  )
    on.delete('gen-ai-content');
  return DETECTOR_NAMES.filter((n) => on.has(n));
}

const isPatternList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((p) => typeof p === 'string' || p instanceof RegExp);

export function normalizeOptions(options: MaskingOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    bad('options must be an object');
  for (const key of Object.keys(options))
    if (!KNOWN.has(key)) bad(`unknown option ${JSON.stringify(key)}`);
  const summary = options.summaryAttribute;
  if (
    summary !== undefined &&
    summary !== false &&
    (typeof summary !== 'string' || summary === '')
  ) {
    bad('summaryAttribute must be a non-empty string or false');
  }
  return {
    detectors: selectDetectors(options),
    rules: optional(options.rules, Array.isArray, 'rules must be an array') ?? [],
    allowKeys: optional(
      options.allowKeys,
      isPatternList,
      'allowKeys must be an array of strings or RegExps',
    ),
    ignoreKeys: optional(
      options.ignoreKeys,
      isPatternList,
      'ignoreKeys must be an array of strings or RegExps',
    ),
    hashKey: optional(
      options.hashKey,
      (k) => typeof k === 'string' && k !== '',
      'hashKey must be a non-empty string',
    ),
    mask:
      optional(options.mask, (m) => typeof m === 'string', 'mask must be a string') ?? DEFAULT_MASK,
    maxValueLength:
      optional(
        options.maxValueLength,
        (n) => Number.isInteger(n) && n >= 64,
        'maxValueLength must be an integer >= 64',
      ) ?? DEFAULT_MAX_VALUE_LENGTH,
    summaryAttribute: summary === false ? undefined : (summary ?? DEFAULT_SUMMARY_ATTRIBUTE),
    resource:
      optional(options.resource, (v) => typeof v === 'boolean', 'resource must be a boolean') ??
      true,
    warn:
      optional(options.warn, (w) => typeof w === 'function', 'warn must be a function') ??
      ((m: string) => diag.warn(m)),
  };
}
