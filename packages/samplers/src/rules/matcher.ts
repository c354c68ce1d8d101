import type { AttributeValue } from '@opentelemetry/api';
import type { ValueMatcher } from '../types';
import { globToRegExp, isGlob } from './glob';

export type CompiledMatcher = (value: AttributeValue | undefined) => boolean;

/**
 * Compiles a value matcher once: a string is exact or a glob (`*`, `**`, `?`), a RegExp or `{ regex }` is
 * tested against the string form, `{ equals }` compares exactly, `{ exists }` checks presence.
 * Array attribute values match when any element matches. Throws on malformed patterns.
 */
export function compileMatcher(matcher: ValueMatcher, what: string): CompiledMatcher {
  if (typeof matcher === 'string') {
    if (!isGlob(matcher)) return anyElement((v) => String(v) === matcher);
    const re = globToRegExp(matcher);
    return anyElement((v) => re.test(String(v)));
  }
  if (typeof matcher === 'number' || typeof matcher === 'boolean')
    return anyElement((v) => v === matcher);
  if (matcher instanceof RegExp) return anyElement((v) => testRegExp(matcher, String(v)));
  if (matcher !== null && typeof matcher === 'object') {
    if ('regex' in matcher && typeof matcher.regex === 'string') {
      const re = compileRegExp(matcher.regex, what);
      return anyElement((v) => re.test(String(v)));
    }
    if ('equals' in matcher) {
      const expected = matcher.equals;
      return anyElement((v) => v === expected);
    }
    if ('exists' in matcher && typeof matcher.exists === 'boolean') {
      const exists = matcher.exists;
      return (v) => (v !== undefined) === exists;
    }
  }
  throw new Error(
    `${what}: ${JSON.stringify(matcher)} is not a string, glob, RegExp, { regex }, { equals } or { exists }`,
  );
}

function anyElement(test: (value: string | number | boolean) => boolean): CompiledMatcher {
  return (value) => {
    if (value === undefined || value === null) return false;
    if (!Array.isArray(value)) return test(value as string | number | boolean);
    return value.some((v) => v !== undefined && v !== null && test(v));
  };
}

function compileRegExp(source: string, what: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new Error(
      `${what}: invalid regex ${JSON.stringify(source)} (${(error as Error).message})`,
    );
  }
}

// A user RegExp with the g or y flag keeps lastIndex between calls; reset it so every test starts fresh.
function testRegExp(re: RegExp, value: string): boolean {
  re.lastIndex = 0;
  return re.test(value);
}
