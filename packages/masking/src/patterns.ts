import type { KeyMatcher } from './internal-types';
import type { Pattern, ValuePattern } from './types';
import { vetRegex } from './vet-regex';

const SLASHED = /^\/(.+)\/([a-z]*)$/s;

function stripStateful(re: RegExp, extra = ''): RegExp {
  const flags = re.flags.replace(/[gy]/g, '');
  return new RegExp(re.source, flags.includes(extra) ? flags : flags + extra);
}

function regexFromString(text: string, what: string): RegExp {
  const slashed = SLASHED.exec(text);
  try {
    return slashed ? new RegExp(slashed[1], slashed[2].replace(/[gy]/g, '')) : new RegExp(text);
  } catch (err) {
    throw new Error(
      `@otelkit/masking: ${what} ${JSON.stringify(text)} is not a valid regular expression: ${(err as Error).message}`,
    );
  }
}

function globToRegex(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's');
}

/** A string pattern or RegExp as a non-global RegExp (vetted), for keys, names and conditions. */
export function patternToRegex(pattern: Pattern, what: string): RegExp | string {
  if (pattern instanceof RegExp) return vetRegex(stripStateful(pattern), what);
  if (typeof pattern !== 'string' || pattern === '') {
    throw new Error(
      `@otelkit/masking: ${what} must be a non-empty string or a RegExp, got ${JSON.stringify(pattern)}`,
    );
  }
  if (SLASHED.test(pattern)) return vetRegex(regexFromString(pattern, what), what);
  if (pattern.includes('*') || pattern.includes('?')) return globToRegex(pattern);
  return pattern;
}

/** Compiles key patterns once: exact keys go to a Set, globs and regexes are tested in order. */
export function compileKeyMatcher(
  patterns: Pattern | readonly Pattern[],
  what: string,
): KeyMatcher {
  const list = Array.isArray(patterns) ? patterns : [patterns as Pattern];
  if (list.length === 0) throw new Error(`@otelkit/masking: ${what} must not be empty`);
  const exact = new Set<string>();
  const regexes: RegExp[] = [];
  for (const p of list) {
    const compiled = patternToRegex(p, what);
    if (typeof compiled === 'string') exact.add(compiled);
    else regexes.push(compiled);
  }
  if (regexes.length === 0) return (key) => exact.has(key);
  return (key) => {
    if (exact.has(key)) return true;
    for (const re of regexes) if (re.test(key)) return true;
    return false;
  };
}

/** A value pattern as a global RegExp (for replace) after vetting. */
export function compileValueRegex(pattern: ValuePattern, what: string): RegExp {
  if (pattern instanceof RegExp) return vetRegex(stripStateful(pattern, 'g'), what);
  if (typeof pattern !== 'string' || pattern === '') {
    throw new Error(
      `@otelkit/masking: ${what} must be a non-empty string or a RegExp, got ${JSON.stringify(pattern)}`,
    );
  }
  return vetRegex(stripStateful(regexFromString(pattern, what), 'g'), what);
}
