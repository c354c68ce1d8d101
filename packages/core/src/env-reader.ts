import { echo } from './echo';
import type { Env, NumberSpec } from './types';

/**
 * The one reader of environment variables for every otelkit package. The same spelling means the same thing
 * everywhere: booleans are `true`/`false` (any case) as the OpenTelemetry spec defines them, numbers have a
 * documented range, empty means unset. A bad value becomes one problem line naming the variable and what is used
 * instead; a value is never echoed whole (see echo). At most one line per variable, however it is read.
 */
export class EnvReader {
  /** One line per variable with a bad value, in the order they were read. */
  readonly problems: string[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank (the spec treats empty as unset). */
  raw(name: string): string | undefined {
    const value = this.env[name];
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  /** The first of `names` that is set: the signal-specific variable before the general one. */
  first(names: readonly string[]): string | undefined {
    return names.find((name) => this.raw(name) !== undefined);
  }

  /**
   * Reports a bad value once per variable: `NAME="value" why; using fallback`. `fallback` is a value or, when it
   * is a string containing a space, a description ("the default (512)").
   */
  problem(name: string, why: string, fallback: unknown, shown = this.raw(name) ?? ''): void {
    if (this.reported.has(name)) return;
    this.reported.add(name);
    this.problems.push(`${name}=${echo(name, shown)} ${why}; using ${describe(fallback)}`);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.problem(name, 'is not true or false', fallback);
    return fallback;
  }

  /**
   * A number within `spec`. Not a number → the fallback; below the minimum → the fallback; above the maximum →
   * the maximum (the intent "a lot" is kept, within what the process can afford). Each with one line.
   */
  number(name: string, spec: NumberSpec): number {
    return this.optionalNumber(name, spec) ?? spec.fallback;
  }

  /** Like number(), but undefined when unset or unusable, for settings whose default depends on others. */
  optionalNumber(
    name: string,
    spec: NumberSpec,
    fallbackText: unknown = spec.fallback,
  ): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || (spec.integer && !Number.isInteger(parsed))) {
      this.problem(name, spec.integer ? 'is not a whole number' : 'is not a number', fallbackText);
      return undefined;
    }
    if (parsed < spec.min) {
      this.problem(name, `is below the minimum ${spec.min}`, fallbackText);
      return undefined;
    }
    if (parsed > spec.max) {
      this.problem(name, `is above the maximum ${spec.max}`, spec.max);
      return spec.max;
    }
    return parsed;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (allowed.includes(lower)) return lower;
    this.problem(name, `is not one of ${allowed.join(', ')}`, fallback);
    return fallback;
  }

  /** Comma-separated entries, trimmed, lower-cased unless `keepCase`, blanks dropped; undefined when unset. */
  list(name: string, keepCase = false): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const items = value.split(',').map((item) => item.trim());
    return items.filter(Boolean).map((item) => (keepCase ? item : item.toLowerCase()));
  }

  /** An absolute http(s) URL, or undefined (with one line naming `fallback`) when it is not one. */
  url(name: string, fallback: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (isHttpUrl(value)) return value;
    this.problem(name, 'is not an absolute http:// or https:// URL', fallback);
    return undefined;
  }

  /**
   * `k=v,k2=v2` with percent-encoded keys and values (the OpenTelemetry format of headers and resource
   * attributes). A malformed entry is skipped with one line that counts them and shows none: these variables
   * carry credentials. Undefined when unset.
   */
  keyValues(name: string): Record<string, string> | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const result: Record<string, string> = {};
    let bad = 0;
    for (const entry of value.split(',')) {
      if (!entry.trim()) continue;
      const eq = entry.indexOf('=');
      const key = eq > 0 ? safeDecode(entry.slice(0, eq).trim()) : undefined;
      const item = eq > 0 ? safeDecode(entry.slice(eq + 1).trim()) : undefined;
      if (!key || item === undefined) bad++;
      else result[key] = item;
    }
    if (bad > 0) {
      const why = `has ${bad} malformed ${bad === 1 ? 'entry' : 'entries'} (expected key=value pairs separated by commas, percent-encoded)`;
      this.problem(name, why, 'the well-formed entries');
    }
    return result;
  }
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

function describe(fallback: unknown): string {
  return typeof fallback === 'string' && fallback.includes(' ')
    ? fallback
    : (JSON.stringify(fallback) ?? String(fallback));
}
