import { DEFAULT_TRACESTATE_MAX_LENGTH } from '../w3c/tracestate-grammar';
import type { EnvSource } from './env-values';
import { envInteger } from './env-values';
import { checkInteger } from './validate-option';

export const TRACESTATE_MAX_LENGTH_ENV = 'OTELKIT_TRACESTATE_MAX_LENGTH';

/** code `tracestateMaxLength` > env OTELKIT_TRACESTATE_MAX_LENGTH > 512 (the W3C minimum, also the floor). */
export function resolveTracestateMaxLength(code: unknown, source?: EnvSource): number {
  const fromCode = checkInteger('tracestateMaxLength', code, DEFAULT_TRACESTATE_MAX_LENGTH);
  if (fromCode !== undefined) return fromCode;
  if (!source) return DEFAULT_TRACESTATE_MAX_LENGTH;
  return envInteger(
    source,
    TRACESTATE_MAX_LENGTH_ENV,
    DEFAULT_TRACESTATE_MAX_LENGTH,
    DEFAULT_TRACESTATE_MAX_LENGTH,
  );
}
