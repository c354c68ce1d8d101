import { prefixed } from '../internal/diagnostics';
import { isToken } from '../internal/header-text';

/** Options passed in code are the programmer's responsibility: a bad one throws at construction. */
export function optionError(option: string, expected: string, value: unknown): Error {
  return new Error(prefixed(`option ${option} must be ${expected}, got ${JSON.stringify(value)}`));
}

export function checkInteger(option: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  throw optionError(option, `an integer >= ${min}`, value);
}

export function checkBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw optionError(option, 'a boolean', value);
}

/** Returns the lowercased name; `null` means "switched off" and is passed through. */
export function checkHeaderName(option: string, value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string' && isToken(value)) return value.toLowerCase();
  throw optionError(option, 'a valid HTTP header name', value);
}

export function checkHeaderList(option: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw optionError(option, 'an array of header names', value);
  return value.map(
    (name, i) => checkHeaderName(`${option}[${i}]`, name) ?? throwNull(`${option}[${i}]`),
  );
}

function throwNull(option: string): never {
  throw optionError(option, 'a valid HTTP header name', null);
}
