import type { WarnFunction } from '../types';
import { prefixed } from '../internal/diagnostics';
import { isToken } from '../internal/header-text';

/** Where env values come from and where a bad one is reported (one line, then the documented default is used). */
export interface EnvSource {
  env: NodeJS.ProcessEnv;
  warn: WarnFunction;
}

function raw(source: EnvSource, name: string): string | undefined {
  const value = source.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function envInteger(source: EnvSource, name: string, min: number, fallback: number): number {
  const value = raw(source, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(parsed) && parsed >= min) return parsed;
  source.warn(prefixed(`${name} "${value}" is not an integer >= ${min}; using ${fallback}`));
  return fallback;
}

export function envBoolean(source: EnvSource, name: string, fallback: boolean): boolean {
  const value = raw(source, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  source.warn(prefixed(`${name} "${value}" is not true or false; using ${fallback}`));
  return fallback;
}

/** A header name, or `none` to switch the header off (returned as undefined). */
export function envHeaderName(
  source: EnvSource,
  name: string,
  fallback: string,
): string | undefined {
  const value = raw(source, name);
  if (value === undefined) return fallback;
  if (value.toLowerCase() === 'none') return undefined;
  if (isToken(value)) return value.toLowerCase();
  source.warn(prefixed(`${name} "${value}" is not a valid header name; using ${fallback}`));
  return fallback;
}

/** A comma-separated list of header names; invalid names are reported and skipped. */
export function envHeaderList(
  source: EnvSource,
  name: string,
  fallback: readonly string[],
): readonly string[] {
  const value = raw(source, name);
  if (value === undefined) return fallback;
  const names = value
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  const invalid = names.filter((n) => !isToken(n));
  if (invalid.length > 0) {
    source.warn(
      prefixed(`${name} contains invalid header names ${JSON.stringify(invalid)}; ignoring them`),
    );
  }
  return names.filter((n) => isToken(n));
}
