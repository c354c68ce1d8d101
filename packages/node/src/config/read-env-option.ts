import { cut, redactText, type EnvReader } from '@otelkit/core';
import type { OptionSpec } from './option-table';

/**
 * The value of `spec`'s variables (the first one set; the more specific comes first), or undefined when none is set
 * or the value is unusable (then one problem line names the variable). Defaults are the caller's: some depend on
 * other settings.
 */
export function readEnvOption(
  read: EnvReader,
  spec: OptionSpec,
  pluginNames: readonly string[] = [],
): unknown {
  const name = spec.env && read.first(spec.env);
  if (name === undefined) return undefined;
  const fallback = spec.default ?? spec.fallbackText ?? 'the default';
  switch (spec.kind) {
    case 'boolean':
      return read.boolean(name, spec.default as boolean);
    case 'string':
      return read.raw(name);
    case 'url':
      return read.url(name, describe(fallback));
    case 'number':
      return read.optionalNumber(name, { ...spec.range, fallback: NaN }, fallback);
    case 'oneOf': {
      const value = read.raw(name)!.toLowerCase();
      if (spec.allowed.includes(value)) return value;
      read.problem(name, `is not one of ${spec.allowed.join(', ')}`, fallback);
      return undefined;
    }
    case 'names':
      return names(
        read,
        name,
        spec.plugins ? [...spec.allowed, ...pluginNames] : spec.allowed,
        spec.default,
      );
  }
}

/**
 * A list of known names; unknown ones are reported and skipped, and an all-unknown list gives undefined (the
 * default). An empty list is a list: `OTEL_NODE_DISABLED_INSTRUMENTATIONS=,` disables nothing.
 */
function names(
  read: EnvReader,
  name: string,
  known: readonly string[],
  fallback: unknown,
): string[] | undefined {
  const list = read.list(name) ?? [];
  const good = list.filter((entry) => known.includes(entry));
  const bad = list.filter((entry) => !known.includes(entry));
  if (bad.length === 0) return good;
  const used = good.length > 0 ? good.join(',') : describe(fallback ?? 'the default');
  read.problem(name, `names unknown entries (${listed(bad)}; known: ${known.join(', ')})`, used);
  return good.length > 0 ? good : undefined;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? value : String(value);
}

/** Entries of a configured list as a line shows them: the first five, each cut and with credentials masked. */
export function listed(entries: readonly string[]): string {
  const shown = entries.slice(0, 5).map((entry) => cut(redactText(entry), 40));
  return shown.join(', ') + (entries.length > 5 ? `, … ${entries.length - 5} more` : '');
}
