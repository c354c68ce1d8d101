import type { EnvReader } from '@otelkit/core';
import { isToken } from '../internal/header-text';

/** A header name, or `none` to switch the header off (returned as undefined); a bad name is one problem line. */
export function envHeaderName(
  reader: EnvReader,
  name: string,
  fallback: string,
): string | undefined {
  const value = reader.raw(name);
  if (value === undefined) return fallback;
  if (value.toLowerCase() === 'none') return undefined;
  if (isToken(value)) return value.toLowerCase();
  reader.problem(name, 'is not a valid header name', fallback);
  return fallback;
}

/** A comma-separated list of header names (lower-cased); invalid names are one problem line and skipped. */
export function envHeaderList(
  reader: EnvReader,
  name: string,
  fallback: readonly string[],
): readonly string[] {
  const names = reader.list(name);
  if (names === undefined) return fallback;
  const invalid = names.filter((n) => !isToken(n));
  if (invalid.length > 0)
    reader.problem(
      name,
      `has ${invalid.length === 1 ? 'an invalid header name' : `${invalid.length} invalid header names`}`,
      'the valid ones',
    );
  return names.filter((n) => isToken(n));
}
