import { optionError } from './option-error';
import { compilePattern } from './safe-pattern';
import type { RegExpLike } from './types';

/**
 * The error of a configured pattern that compilePattern refused. Code that reads rules from the environment or a
 * file catches it to skip that one rule with one line (tracing goes on); from code options it reaches the caller.
 */
export class RefusedPatternError extends TypeError {
  constructor(
    message: string,
    /** Where the pattern was configured, e.g. `rules[2].route`. */
    readonly option: string,
    /** The pattern's source. */
    readonly pattern: string,
    /** Why it was refused, written to follow the pattern in a line. */
    readonly problem: string,
  ) {
    super(message);
    this.name = 'TypeError';
  }
}

/**
 * compilePattern for a pattern given as an option: the linear-time RegExpLike, or a RefusedPatternError in the
 * one option-error format, naming the option.
 */
export function compilePatternOption(
  prefix: string,
  option: string,
  pattern: string | RegExp,
  flags = '',
  global = false,
): RegExpLike {
  const compiled = compilePattern(pattern, flags, global);
  if (compiled.regex !== undefined) return compiled.regex;
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const { message } = optionError(
    prefix,
    option,
    source,
    `a regular expression that runs in linear time, but it ${compiled.problem}`,
  );
  throw new RefusedPatternError(message, option, source, compiled.problem);
}
