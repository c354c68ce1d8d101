import { readConfigSource } from '@otelkit/core';
import type { EnvReader } from '@otelkit/core';
import type { MaskingFileConfig } from '../types';

const NAME = 'OTELKIT_MASKING_RULES';
const FORBIDDEN = ['hashKey', 'warn'];
const IGNORED = 'no rules from it';

function parse(text: string, path: string): unknown {
  if (!/\.ya?ml$/i.test(path)) return JSON.parse(text);
  // Loaded only for YAML files, so JSON users never pay for the parser.
  const { parse: parseYaml } = require('yaml') as typeof import('yaml');
  return parseYaml(text);
}

/**
 * `OTELKIT_MASKING_RULES`: inline JSON (starts with `{` or `[`) or a path to a `.json`, `.yaml` or `.yml` file.
 * Any problem is one line on `reader` and the source is ignored (undefined).
 */
export function loadRulesSource(reader: EnvReader): MaskingFileConfig | undefined {
  const value = readConfigSource(reader, NAME, IGNORED, parse)?.value;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    reader.problem(NAME, 'must hold a rule list or an options object', IGNORED);
    return undefined;
  }
  const secret = Array.isArray(value) ? undefined : FORBIDDEN.find((k) => k in value);
  if (secret !== undefined) {
    reader.problem(NAME, `may not set ${secret} (use OTELKIT_MASKING_HASH_KEY)`, IGNORED);
    return undefined;
  }
  return value as MaskingFileConfig;
}
