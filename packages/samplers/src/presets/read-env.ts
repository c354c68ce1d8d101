import { readFileSync } from 'node:fs';
import type { PresetName, PresetOptions, SamplingConfig, SamplingOption } from '../types';
import { PRESET_DEFAULTS, PRESET_NAMES } from './preset-configs';

type Warn = (message: string) => void;
type NumericKey = 'ratio' | 'slowMs' | 'limit' | 'errorLimit';

const PREFIX = '@otelkit/samplers: ';
/** The documented fallback when OTELKIT_SAMPLER or its argument cannot be used. */
export const FALLBACK_PRESET: PresetName = 'balanced';

/** Which tunable a bare-number OTELKIT_SAMPLER_ARG sets, per preset. */
const PRIMARY: Partial<Record<PresetName, NumericKey>> = {
  balanced: 'ratio',
  'cost-saver': 'ratio',
  ratio: 'ratio',
  'errors-and-slow': 'slowMs',
};
const KEYS: readonly NumericKey[] = ['ratio', 'slowMs', 'limit', 'errorLimit'];

/**
 * Reads OTELKIT_SAMPLER / OTELKIT_SAMPLER_ARG into a sampling option. Pure apart from reading a rules file.
 * Never throws: each unusable value gives one prefixed warning and the documented default.
 */
export function readSamplingEnv(env: NodeJS.ProcessEnv, warn: Warn): SamplingOption | undefined {
  const rawName = env.OTELKIT_SAMPLER?.trim();
  const arg = env.OTELKIT_SAMPLER_ARG?.trim() || undefined;
  if (!rawName) {
    if (arg !== undefined)
      warn(`${PREFIX}OTELKIT_SAMPLER_ARG is set but OTELKIT_SAMPLER is not; ignoring it`);
    return undefined;
  }
  const name = rawName.toLowerCase().replace(/_/g, '-') as PresetName;
  if (!PRESET_NAMES.includes(name)) {
    warn(
      `${PREFIX}OTELKIT_SAMPLER "${rawName}" is not one of ${PRESET_NAMES.join(', ')}; using ${FALLBACK_PRESET}`,
    );
    return FALLBACK_PRESET;
  }
  if (name === 'rules') return readRules(arg, warn);
  if (name === 'dev') {
    if (arg !== undefined)
      warn(`${PREFIX}OTELKIT_SAMPLER_ARG is not used by the dev preset; ignoring it`);
    return 'dev';
  }
  return arg === undefined ? name : readPresetArg(name, arg, warn);
}

function readPresetArg(
  preset: Exclude<PresetName, 'rules'>,
  arg: string,
  warn: Warn,
): PresetOptions {
  const options: PresetOptions = { preset };
  const primary = PRIMARY[preset]!;
  const pairs = arg.includes('=')
    ? arg.split(',').map((p) => p.split('=').map((s) => s.trim()))
    : [[primary, arg]];
  for (const [key, value] of pairs) {
    if (!KEYS.includes(key as NumericKey) || value === undefined) {
      warn(
        `${PREFIX}OTELKIT_SAMPLER_ARG entry "${key}" is not one of ${KEYS.join(', ')}; ignoring it`,
      );
      continue;
    }
    const k = key as NumericKey;
    const n = Number(value);
    if (value === '' || !valid(k, n)) {
      warn(
        `${PREFIX}OTELKIT_SAMPLER_ARG "${value}" is not ${describe(k)}; using ${defaultOf(preset, k)}`,
      );
      continue;
    }
    options[k] = n;
  }
  return options;
}

function valid(key: NumericKey, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (key === 'ratio') return n === 0 || (n >= 2 ** -56 && n <= 1);
  return key === 'slowMs' ? n >= 0 : n > 0;
}

function describe(key: NumericKey): string {
  if (key === 'ratio') return 'a number in [0,1]';
  return key === 'slowMs'
    ? 'a number of milliseconds >= 0'
    : 'a positive number (traces per second)';
}

function defaultOf(preset: PresetName, key: NumericKey): number {
  if (key !== 'ratio') return PRESET_DEFAULTS[key];
  if (preset === 'balanced') return PRESET_DEFAULTS.balancedRatio;
  return preset === 'cost-saver' ? PRESET_DEFAULTS.costSaverRatio : PRESET_DEFAULTS.ratio;
}

/** OTELKIT_SAMPLER_ARG for `rules`: inline JSON (starts with `{` or `[`) or a path to a JSON file. */
function readRules(arg: string | undefined, warn: Warn): SamplingOption {
  if (arg === undefined) {
    warn(
      `${PREFIX}OTELKIT_SAMPLER=rules needs OTELKIT_SAMPLER_ARG (inline JSON or a JSON file path); using ${FALLBACK_PRESET}`,
    );
    return FALLBACK_PRESET;
  }
  const inline = arg.startsWith('{') || arg.startsWith('[');
  let text: string;
  try {
    text = inline ? arg : readFileSync(arg, 'utf8');
  } catch (error) {
    warn(
      `${PREFIX}OTELKIT_SAMPLER_ARG rules file "${arg}" cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); using ${FALLBACK_PRESET}`,
    );
    return FALLBACK_PRESET;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return (Array.isArray(parsed) ? { rules: parsed } : parsed) as SamplingConfig;
  } catch (error) {
    const source = inline ? 'inline rules' : `rules file "${arg}"`;
    warn(
      `${PREFIX}OTELKIT_SAMPLER_ARG ${source} is not valid JSON (${(error as Error).message}); using ${FALLBACK_PRESET}`,
    );
    return FALLBACK_PRESET;
  }
}
