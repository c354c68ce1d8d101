import { compileGlob, compilePatternOption, globSource, isGlob } from '@otelkit/core';
import type { RegExpLike } from '@otelkit/core';
import { fail, PACKAGE } from './fail';
import type { KeyMatcher } from './internal-types';
import type { Pattern, ValuePattern } from './types';

const SLASHED = /^\/(.+)\/([a-z]*)$/s;

/**
 * A configured pattern as a test, compiled once. A RegExp or a `/source/flags` string runs on the linear-time
 * engine (a pattern that cannot is refused with a TypeError naming `option`); a string with `*` or `?` is a glob
 * in otelkit's one dialect; any other string is an exact value (returned as is, for a Set lookup).
 */
export function compilePattern(
  pattern: Pattern,
  option: string,
  trusted = false,
): string | ((text: string) => boolean) {
  if (pattern instanceof RegExp) {
    const re = compilePatternOption(PACKAGE, option, pattern.source, pattern.flags);
    return (text) => re.test(text);
  }
  if (typeof pattern !== 'string' || pattern === '')
    fail(option, pattern, 'a non-empty string or a RegExp');
  const slashed = SLASHED.exec(pattern);
  if (slashed) {
    const re = compilePatternOption(PACKAGE, option, slashed[1], slashed[2]);
    return (text) => re.test(text);
  }
  if (!isGlob(pattern)) return pattern;
  // Globs otelkit ships (detector key groups) are ours and tested: native V8 is faster, and the dialect is the same.
  if (trusted) {
    const re = new RegExp(globSource(pattern));
    return (text) => re.test(text);
  }
  return compileGlob(pattern);
}

/** Compiles key patterns once: exact keys go to a Set, globs and regexes are tested in order. */
export function compileKeyMatcher(
  patterns: Pattern | readonly Pattern[],
  option: string,
  trusted = false,
): KeyMatcher {
  const list = Array.isArray(patterns) ? patterns : [patterns as Pattern];
  if (list.length === 0) fail(option, patterns, 'a pattern or a non-empty list of patterns');
  const exact = new Set<string>();
  const tests: Array<(text: string) => boolean> = [];
  list.forEach((p: Pattern, i) => {
    const compiled = compilePattern(p, list === patterns ? `${option}[${i}]` : option, trusted);
    if (typeof compiled === 'string') exact.add(compiled);
    else tests.push(compiled);
  });
  if (tests.length === 0) return (key) => exact.has(key);
  return (key) => {
    if (exact.has(key)) return true;
    for (const test of tests) if (test(key)) return true;
    return false;
  };
}

/** A value pattern (a RegExp, its source, or `/source/flags`) as a global linear-time pattern, for replace. */
export function compileValueRegex(pattern: ValuePattern, option: string): RegExpLike {
  if (pattern instanceof RegExp)
    return compilePatternOption(PACKAGE, option, pattern.source, pattern.flags, true);
  if (typeof pattern !== 'string' || pattern === '')
    fail(option, pattern, 'a non-empty string or a RegExp');
  const slashed = SLASHED.exec(pattern);
  return slashed
    ? compilePatternOption(PACKAGE, option, slashed[1], slashed[2], true)
    : compilePatternOption(PACKAGE, option, pattern, '', true);
}
