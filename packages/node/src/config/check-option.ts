import { checkNumberOption, isHttpUrl, optionError } from '@otelkit/core';
import type { OptionSpec } from './option-table';

export const PREFIX = '@otelkit/node';

/** Throws the one option-error format unless `value` (the option at `name`) is undefined or fits `spec`. */
export function checkOption(
  name: string,
  value: unknown,
  spec: OptionSpec,
  pluginNames: readonly string[],
): void {
  if (value === undefined) return;
  const fail = (expected: string): never => {
    throw optionError(PREFIX, name, value, expected);
  };
  switch (spec.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'string':
      if (typeof value !== 'string' || value.trim() === '') fail('a non-empty string');
      return;
    case 'url':
      if (typeof value !== 'string' || !isHttpUrl(value)) fail('an absolute http(s) URL');
      return;
    case 'number':
      checkNumberOption(PREFIX, name, value, spec.range);
      return;
    case 'oneOf':
      if (spec.instance && isInstance(value, spec.instance)) return;
      if (!spec.allowed.includes(value as string)) fail(oneOf(spec.allowed, spec.instance));
      return;
    case 'names': {
      if (!Array.isArray(value)) fail('an array of names');
      const allowed = spec.plugins ? [...spec.allowed, ...pluginNames] : spec.allowed;
      for (const entry of value as unknown[]) {
        if (spec.instance && isInstance(entry, spec.instance)) continue;
        if (!allowed.includes(entry as string))
          throw optionError(PREFIX, `${name}[]`, entry, oneOf(allowed, spec.instance));
      }
    }
  }
}

function isInstance(value: unknown, method: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[method] === 'function'
  );
}

function oneOf(allowed: readonly string[], instance: string | undefined): string {
  const names = `one of ${allowed.join(', ')}`;
  return instance ? `${names}, or an object with ${instance}()` : names;
}
