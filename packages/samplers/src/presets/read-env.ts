import { cut, EnvReader, readConfigSource } from '@otelkit/core';
import type { Env, NumberSpec } from '@otelkit/core';
import type { PresetName, PresetOptions, SamplingConfig, SamplingOption } from '../types';
import { PRESET_DEFAULTS, PRESET_NAMES } from './preset-names';

type NumericKey = 'ratio' | 'slowMs' | 'limit' | 'errorLimit';

const NAME = 'OTELKIT_SAMPLER';
const ARG = 'OTELKIT_SAMPLER_ARG';
/** The documented fallback when OTELKIT_SAMPLER or its argument cannot be used. */
export const FALLBACK_PRESET: PresetName = 'balanced';

/** Which tunable a bare-number OTELKIT_SAMPLER_ARG sets, per preset. */
const PRIMARY: Partial<Record<PresetName, NumericKey>> = {
  balanced: 'ratio',
  'cost-saver': 'ratio',
  ratio: 'ratio',
  'errors-and-slow': 'slowMs',
};

/** The documented range of each OTELKIT_SAMPLER_ARG number (docs/sampling.md): above the maximum is clamped. */
export const ARG_RANGES: Readonly<Record<NumericKey, Omit<NumberSpec, 'fallback'>>> = {
  ratio: { min: 0, max: 1 },
  slowMs: { min: 0, max: 3_600_000 },
  limit: { min: 0.001, max: 1_000_000 },
  errorLimit: { min: 0.001, max: 1_000_000 },
};
const KEYS = Object.keys(ARG_RANGES) as NumericKey[];

/**
 * Reads OTELKIT_SAMPLER / OTELKIT_SAMPLER_ARG through core's EnvReader into a sampling option: a pure function of
 * the environment (and the rules file it names) returning the option and one problem line per bad variable; an
 * unusable value means the documented default.
 */
export function readSamplingEnv(env: Env): {
  option: SamplingOption | undefined;
  problems: string[];
} {
  const reader = new EnvReader(env);
  return { option: read(reader), problems: reader.problems };
}

function read(reader: EnvReader): SamplingOption | undefined {
  const rawName = reader.raw(NAME);
  const arg = reader.raw(ARG);
  if (rawName === undefined) {
    if (arg !== undefined)
      reader.problem(ARG, `is set but ${NAME} is not`, 'the standard OTEL_TRACES_SAMPLER');
    return undefined;
  }
  const name = rawName.toLowerCase().replace(/_/g, '-') as PresetName;
  if (!PRESET_NAMES.includes(name)) {
    reader.problem(NAME, `is not one of ${PRESET_NAMES.join(', ')}`, FALLBACK_PRESET);
    return FALLBACK_PRESET;
  }
  if (name === 'rules') return readRules(reader, arg);
  if (name === 'dev') {
    if (arg !== undefined) reader.problem(ARG, 'is not used by the dev preset', 'dev without it');
    return 'dev';
  }
  return arg === undefined ? name : readPresetArg(reader, name, arg);
}

/** A bare number sets the preset's primary tunable; `key=value,…` sets several. */
function readPresetArg(
  reader: EnvReader,
  preset: Exclude<PresetName, 'rules'>,
  arg: string,
): PresetOptions {
  const options: PresetOptions = { preset };
  const pairs = arg.includes('=')
    ? arg.split(',').map((p) => p.split('=').map((s) => s.trim()))
    : [[PRIMARY[preset]!, arg]];
  const unknown = pairs.filter(([key]) => !KEYS.includes(key as NumericKey)).map(([key]) => key);
  if (unknown.length > 0)
    reader.problem(
      ARG,
      `names unknown entries (${cut(unknown.join(', '))}; known: ${KEYS.join(', ')})`,
      'the other entries',
    );
  for (const [key, value] of pairs) {
    if (!KEYS.includes(key as NumericKey)) continue;
    const k = key as NumericKey;
    // Each entry is read as a variable of its own, so it gets core's number rules and its own line.
    const entry = arg.includes('=') ? `${ARG} ${k}` : ARG;
    const values = new EnvReader({ [entry]: value ?? '' });
    const n = values.optionalNumber(entry, { ...ARG_RANGES[k], fallback: defaultOf(preset, k) });
    reader.problems.push(...values.problems);
    if (n !== undefined) options[k] = n;
  }
  return options;
}

function defaultOf(preset: PresetName, key: NumericKey): number {
  if (key !== 'ratio') return PRESET_DEFAULTS[key];
  if (preset === 'balanced') return PRESET_DEFAULTS.balancedRatio;
  return preset === 'cost-saver' ? PRESET_DEFAULTS.costSaverRatio : PRESET_DEFAULTS.ratio;
}

/** OTELKIT_SAMPLER_ARG for `rules`: inline JSON (starts with `{` or `[`) or a path to a JSON file. */
function readRules(reader: EnvReader, arg: string | undefined): SamplingOption {
  if (arg === undefined) {
    reader.problem(NAME, `needs ${ARG} (inline JSON or a JSON file path)`, FALLBACK_PRESET);
    return FALLBACK_PRESET;
  }
  const source = readConfigSource(reader, ARG, FALLBACK_PRESET);
  if (source === undefined) return FALLBACK_PRESET;
  const rules = source.value;
  return (Array.isArray(rules) ? { rules } : rules) as SamplingConfig;
}
