import { readFileSync } from 'node:fs';
import type { MaskingFileConfig } from '../types';

const FORBIDDEN = ['hashKey', 'warn'];

function parse(text: string, yaml: boolean): unknown {
  if (!yaml) return JSON.parse(text);
  // Loaded only for YAML files, so JSON users never pay for the parser.
  const { parse: parseYaml } = require('yaml') as typeof import('yaml');
  return parseYaml(text);
}

/**
 * `OTELKIT_MASKING_RULES`: inline JSON (starts with `{` or `[`) or a path to a `.json`, `.yaml` or `.yml` file.
 * Any problem is reported once and the source is ignored (undefined).
 */
export function loadRulesSource(
  source: string,
  warn: (m: string) => void,
): MaskingFileConfig | undefined {
  const inline = source.startsWith('{') || source.startsWith('[');
  const where = inline
    ? 'OTELKIT_MASKING_RULES (inline JSON)'
    : `OTELKIT_MASKING_RULES file ${source}`;
  let value: unknown;
  try {
    const text = inline ? source : readFileSync(source, 'utf8');
    value = parse(text, !inline && /\.ya?ml$/i.test(source));
  } catch (err) {
    warn(`@otelkit/masking: ${where} could not be read (${(err as Error).message}); ignoring it`);
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    warn(`@otelkit/masking: ${where} must hold a rule list or an options object; ignoring it`);
    return undefined;
  }
  const secret = Array.isArray(value) ? undefined : FORBIDDEN.find((k) => k in value);
  if (secret !== undefined) {
    warn(
      `@otelkit/masking: ${where} may not set ${secret} (use OTELKIT_MASKING_HASH_KEY); ignoring it`,
    );
    return undefined;
  }
  return value as MaskingFileConfig;
}
