import { checkNumberOption, optionError } from '@otelkit/core';
import { PACKAGE_NAME } from '../internal/diagnostics';
import { isToken } from '../internal/header-text';

/** Options passed in code are the programmer's responsibility: a bad one throws core's TypeError at construction. */
export function fail(option: string, value: unknown, expected: string): never {
  throw optionError(PACKAGE_NAME, option, value, expected);
}

/** A whole number in `range` (the same range as the option's env variable), or undefined when not given. */
export function checkInteger(
  option: string,
  value: unknown,
  range: { min: number; max: number },
): number | undefined {
  checkNumberOption(PACKAGE_NAME, option, value, { ...range, integer: true });
  return value as number | undefined;
}

/** Returns the lowercased name; `null` means "switched off" and is passed through. */
export function checkHeaderName(option: string, value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string' && isToken(value)) return value.toLowerCase();
  return fail(option, value, 'a valid HTTP header name');
}

export function checkHeaderList(option: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(option, value, 'an array of header names');
  return value.map(
    (name, i) =>
      checkHeaderName(`${option}[${i}]`, name) ??
      fail(`${option}[${i}]`, name, 'a valid HTTP header name'),
  );
}
