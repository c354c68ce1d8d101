import type { AttributeValue } from '@opentelemetry/api';
import { compileGlob, compilePatternOption, isGlob } from '@otelkit/core';
import { fail, PACKAGE } from '../config-error';
import type { ValueMatcher } from '../types';

export type CompiledMatcher = (value: AttributeValue | undefined) => boolean;

/**
 * Compiles a value matcher once: a string is exact or a glob (otelkit's one dialect: `*`, `**`, `?`), a RegExp
 * or `{ regex }` is tested against the string form on the linear-time engine, `{ equals }` compares exactly,
 * `{ exists }` checks presence. Array attribute values match when any element matches. Throws a TypeError naming
 * `what` on a malformed matcher, a RefusedPatternError on a pattern that cannot run in linear time.
 */
export function compileMatcher(matcher: ValueMatcher, what: string): CompiledMatcher {
  if (typeof matcher === 'string') {
    if (!isGlob(matcher)) return anyElement((v) => String(v) === matcher);
    const glob = compileGlob(matcher);
    return anyElement((v) => glob(String(v)));
  }
  if (typeof matcher === 'number' || typeof matcher === 'boolean')
    return anyElement((v) => v === matcher);
  if (matcher instanceof RegExp) {
    // Compiled without g or y: no lastIndex carried between tests.
    const re = compilePatternOption(PACKAGE, what, matcher.source, matcher.flags);
    return anyElement((v) => re.test(String(v)));
  }
  if (matcher !== null && typeof matcher === 'object') {
    if ('regex' in matcher && typeof matcher.regex === 'string') {
      const re = compilePatternOption(PACKAGE, `${what}.regex`, matcher.regex);
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
  return fail(what, matcher, 'a string, glob, RegExp, { regex }, { equals } or { exists }');
}

function anyElement(test: (value: string | number | boolean) => boolean): CompiledMatcher {
  return (value) => {
    if (value === undefined || value === null) return false;
    if (!Array.isArray(value)) return test(value as string | number | boolean);
    return value.some((v) => v !== undefined && v !== null && test(v));
  };
}
