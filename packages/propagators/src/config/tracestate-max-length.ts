import type { EnvReader } from '@otelkit/core';
import { DEFAULT_TRACESTATE_MAX_LENGTH } from '../w3c/tracestate-grammar';
import { checkInteger } from './validate-option';

export const TRACESTATE_MAX_LENGTH_ENV = 'OTELKIT_TRACESTATE_MAX_LENGTH';
/**
 * From the W3C minimum every vendor must propagate to 16384, about the longest list the grammar allows (32 entries
 * of up to 256 + 256 characters); the same range in code and env.
 */
export const TRACESTATE_MAX_LENGTH_RANGE = { min: DEFAULT_TRACESTATE_MAX_LENGTH, max: 16384 };

/** code `tracestateMaxLength` > env OTELKIT_TRACESTATE_MAX_LENGTH > 512 (the W3C minimum, also the floor). */
export function resolveTracestateMaxLength(code: unknown, reader?: EnvReader): number {
  const fromCode = checkInteger('tracestateMaxLength', code, TRACESTATE_MAX_LENGTH_RANGE);
  if (fromCode !== undefined) return fromCode;
  if (!reader) return DEFAULT_TRACESTATE_MAX_LENGTH;
  return reader.number(TRACESTATE_MAX_LENGTH_ENV, {
    ...TRACESTATE_MAX_LENGTH_RANGE,
    fallback: DEFAULT_TRACESTATE_MAX_LENGTH,
    integer: true,
  });
}
