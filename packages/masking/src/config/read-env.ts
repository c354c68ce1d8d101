import { DETECTOR_NAMES } from '../detectors/registry';
import type { DetectorName, MaskingFileConfig } from '../types';
import { loadRulesSource } from './load-rules-source';

export type EnvPreset = 'default' | 'strict' | 'off';

/** What the `OTELKIT_MASKING*` variables say; each bad value was reported once and left out. */
export interface MaskingEnv {
  preset?: EnvPreset;
  file?: Exclude<MaskingFileConfig, unknown[]>;
  fileSource?: string;
  hashKey?: string;
  keepGenAiContent?: boolean;
  detectors?: Partial<Record<DetectorName, boolean>>;
}

const PRESETS: readonly EnvPreset[] = ['default', 'strict', 'off'];
const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

function readPreset(raw: string, warn: (m: string) => void): EnvPreset | undefined {
  const value = raw.trim().toLowerCase();
  if ((PRESETS as readonly string[]).includes(value)) return value as EnvPreset;
  warn(
    `@otelkit/masking: OTELKIT_MASKING ${JSON.stringify(raw)} is not one of ${PRESETS.join(', ')}; using default`,
  );
  return undefined;
}

function readBoolean(name: string, raw: string, warn: (m: string) => void): boolean | undefined {
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  warn(`@otelkit/masking: ${name} ${JSON.stringify(raw)} is not true or false; using false`);
  return undefined;
}

/** `ip-address,phone,-email`: a name turns a detector on, `-name` off. */
function readDetectors(
  raw: string,
  warn: (m: string) => void,
): Partial<Record<DetectorName, boolean>> {
  const out: Partial<Record<DetectorName, boolean>> = {};
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const off = entry.startsWith('-');
    const name = (off ? entry.slice(1) : entry.replace(/^\+/, '')) as DetectorName;
    if (DETECTOR_NAMES.includes(name)) out[name] = !off;
    else
      warn(
        `@otelkit/masking: OTELKIT_MASKING_DETECTORS entry ${JSON.stringify(entry)} is not a detector (${DETECTOR_NAMES.join(', ')}); ignoring it`,
      );
  }
  return out;
}

/** Reads `OTELKIT_MASKING`, `OTELKIT_MASKING_RULES`, `OTELKIT_MASKING_HASH_KEY`, `OTELKIT_MASKING_KEEP_GENAI_CONTENT`, `OTELKIT_MASKING_DETECTORS`. */
export function readMaskingEnv(env: NodeJS.ProcessEnv, warn: (m: string) => void): MaskingEnv {
  const out: MaskingEnv = {};
  const preset = env.OTELKIT_MASKING;
  if (preset !== undefined && preset.trim() !== '') out.preset = readPreset(preset, warn);
  const rules = env.OTELKIT_MASKING_RULES;
  if (rules !== undefined && rules.trim() !== '') {
    const file = loadRulesSource(rules.trim(), warn);
    if (file !== undefined) {
      out.file = Array.isArray(file) ? { rules: file } : file;
      out.fileSource =
        rules.trim().startsWith('{') || rules.trim().startsWith('[') ? 'inline JSON' : rules.trim();
    }
  }
  if (env.OTELKIT_MASKING_HASH_KEY) out.hashKey = env.OTELKIT_MASKING_HASH_KEY;
  const keep = env.OTELKIT_MASKING_KEEP_GENAI_CONTENT;
  if (keep !== undefined && keep.trim() !== '')
    out.keepGenAiContent = readBoolean('OTELKIT_MASKING_KEEP_GENAI_CONTENT', keep, warn);
  const detectors = env.OTELKIT_MASKING_DETECTORS;
  if (detectors !== undefined && detectors.trim() !== '')
    out.detectors = readDetectors(detectors, warn);
  return out;
}
