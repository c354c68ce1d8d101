import type { Warn } from '../internal-types';

export const PREFIX = '@otelkit/export';

/** Reads env values, reporting a bad one once with the default that replaces it. */
export class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly warn: Warn,
  ) {}

  /** The first of `names` that is set and not blank. */
  string(names: string[]): { name: string; value: string } | undefined {
    for (const name of names) {
      const value = this.env[name]?.trim();
      if (value) return { name, value };
    }
    return undefined;
  }

  /** `fallbackText`: how the warning names what replaces a bad value (the fallback itself by default). */
  integer(
    names: string[],
    fallback: number,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
    fallbackText = String(fallback),
  ): number {
    const found = this.string(names);
    if (!found) return fallback;
    const parsed = Number(found.value);
    if (Number.isInteger(parsed) && parsed >= min && parsed <= max) return parsed;
    this.warn(
      `${PREFIX}: ${found.name} "${found.value}" is not an integer in [${min}, ${max}]; using ${fallbackText}`,
    );
    return fallback;
  }

  oneOf<T extends string>(names: string[], allowed: readonly T[], fallback: T): T {
    const found = this.string(names);
    if (!found) return fallback;
    const value = found.value.toLowerCase() as T;
    if (allowed.includes(value)) return value;
    this.warn(
      `${PREFIX}: ${found.name} "${found.value}" is not one of ${allowed.join(', ')}; using ${fallback}`,
    );
    return fallback;
  }
}

/** Throws the clear Error a bad code option deserves. */
export function checkInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new Error(`${PREFIX}: option ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

export function defaultWarn(message: string): void {
  console.warn(message);
}
