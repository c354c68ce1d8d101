import { cut, EnvReader } from '@otelkit/core';
import type { Env } from '@otelkit/core';
import { DETECTOR_NAMES } from '../detectors/registry';
import type { DetectorName, MaskingFileConfig } from '../types';
import type { loadRulesSource as LoadRulesSource } from './load-rules-source';

export type EnvPreset = 'default' | 'strict' | 'off';

/** What the `OTELKIT_MASKING*` variables say; each bad value was reported once and left out. */
export interface MaskingEnv {
  preset?: EnvPreset;
  file?: Exclude<MaskingFileConfig, unknown[]>;
  /** How lines name the rules source: `OTELKIT_MASKING_RULES (inline JSON)` or `… file <path>`. */
  fileSource?: string;
  hashKey?: string;
  keepGenAiContent?: boolean;
  detectors?: Partial<Record<DetectorName, boolean>>;
}

const PRESETS: readonly EnvPreset[] = ['default', 'strict', 'off'];

/** `ip-address,phone,-email`: a name turns a detector on, `-name` off; unknown names make one line together. */
function readDetectors(reader: EnvReader): Partial<Record<DetectorName, boolean>> | undefined {
  const entries = reader.list('OTELKIT_MASKING_DETECTORS');
  if (entries === undefined) return undefined;
  const out: Partial<Record<DetectorName, boolean>> = {};
  const unknown: string[] = [];
  for (const entry of entries) {
    const off = entry.startsWith('-');
    const name = (off ? entry.slice(1) : entry.replace(/^\+/, '')) as DetectorName;
    if (DETECTOR_NAMES.includes(name)) out[name] = !off;
    else unknown.push(entry);
  }
  if (unknown.length > 0)
    reader.problem(
      'OTELKIT_MASKING_DETECTORS',
      `names unknown detectors (${cut(unknown.join(', '))}; known: ${DETECTOR_NAMES.join(', ')})`,
      'the other entries',
    );
  return out;
}

/**
 * Reads `OTELKIT_MASKING`, `OTELKIT_MASKING_RULES`, `OTELKIT_MASKING_HASH_KEY`,
 * `OTELKIT_MASKING_KEEP_GENAI_CONTENT` and `OTELKIT_MASKING_DETECTORS` through core's EnvReader: a pure function
 * of the environment (and the rules file it names) returning the settings and one problem line per bad variable.
 */
export function readMaskingEnv(env: Env): { config: MaskingEnv; problems: string[] } {
  const reader = new EnvReader(env);
  const config: MaskingEnv = {};
  if (reader.raw('OTELKIT_MASKING') !== undefined)
    config.preset = reader.oneOf('OTELKIT_MASKING', PRESETS, 'default');
  const rules = reader.raw('OTELKIT_MASKING_RULES');
  if (rules !== undefined) {
    // Required only when the variable is set: most processes have no rules file.
    const file = (
      require('./load-rules-source') as { loadRulesSource: typeof LoadRulesSource }
    ).loadRulesSource(reader);
    if (file !== undefined) {
      config.file = Array.isArray(file) ? { rules: file } : file;
      config.fileSource =
        rules.startsWith('{') || rules.startsWith('[')
          ? 'OTELKIT_MASKING_RULES (inline JSON)'
          : `OTELKIT_MASKING_RULES file ${rules}`;
    }
  }
  const hashKey = reader.raw('OTELKIT_MASKING_HASH_KEY');
  if (hashKey !== undefined) config.hashKey = hashKey;
  if (reader.raw('OTELKIT_MASKING_KEEP_GENAI_CONTENT') !== undefined)
    config.keepGenAiContent = reader.boolean('OTELKIT_MASKING_KEEP_GENAI_CONTENT', false);
  const detectors = readDetectors(reader);
  if (detectors !== undefined) config.detectors = detectors;
  return { config, problems: reader.problems };
}
