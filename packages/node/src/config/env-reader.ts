/**
 * Reads typed values out of an env record. Every bad value becomes one problem line that names the variable, the value
 * and the default used instead, so start() can print it once and carry on.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The trimmed value, or undefined when unset or blank (the spec treats empty as unset). */
  raw(key: string): string | undefined {
    const value = this.env[key]?.trim();
    return value ? value : undefined;
  }

  problem(key: string, value: string, why: string, fallback: unknown): void {
    this.problems.push(`${key}="${truncate(value)}" ${why}; using ${describe(fallback)}`);
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.problem(key, value, 'is not true or false', fallback);
    return fallback;
  }

  number(key: string, fallback: number, range: NumberRange = {}): number {
    return this.optionalNumber(key, range, fallback) ?? fallback;
  }

  /** A number, or undefined when unset or bad; `usedInstead` is what the problem line says is used. */
  optionalNumber(key: string, range: NumberRange, usedInstead: unknown): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    const why = checkNumber(parsed, range);
    if (!why) return parsed;
    this.problem(key, value, why, usedInstead);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (allowed.includes(lower)) return lower;
    this.problem(key, value, `is not one of ${allowed.join(', ')}`, fallback);
    return fallback;
  }

  /** Comma-separated names, trimmed and lower-cased; undefined when unset. */
  list(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
  }

  /**
   * `k=v,k2=v2` with percent-encoded values (W3C Baggage style, as the spec asks for headers and resource attributes).
   * A malformed entry voids the whole value: sending half of a set of auth headers helps nobody.
   */
  keyValues(key: string): Record<string, string> | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const result: Record<string, string> = {};
    for (const entry of value.split(',')) {
      if (!entry.trim()) continue;
      const eq = entry.indexOf('=');
      const name = eq > 0 ? safeDecode(entry.slice(0, eq).trim()) : undefined;
      const item = eq > 0 ? safeDecode(entry.slice(eq + 1).trim()) : undefined;
      if (!name || item === undefined) {
        this.problem(
          key,
          value,
          `has a malformed entry "${truncate(entry.trim())}" (expected key=value pairs separated by commas)`,
          'none of it',
        );
        return undefined;
      }
      result[name] = item;
    }
    return result;
  }

  /** An absolute http(s) URL; undefined (with a problem) otherwise. */
  url(key: string, fallback: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (isHttpUrl(value)) return value;
    this.problem(key, value, 'is not an absolute http:// or https:// URL', fallback);
    return undefined;
  }
}

export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Why a number is unacceptable, or undefined when it is fine. Shared by env parsing and option validation. */
export function checkNumber(value: number, { min, max, integer }: NumberRange): string | undefined {
  if (!Number.isFinite(value)) return 'is not a number';
  if (integer && !Number.isInteger(value)) return 'is not a whole number';
  if (min !== undefined && value < min) return `is below ${min}`;
  if (max !== undefined && value > max) return `is above ${max}`;
  return undefined;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(fallback: unknown): string {
  return typeof fallback === 'string' && fallback.includes(' ')
    ? fallback
    : JSON.stringify(fallback);
}
