import { optionError } from '@otelkit/core';

export const PACKAGE = '@otelkit/masking';

/** A bad option in code: the one TypeError format, naming the option (e.g. `rules[2].action`). */
export function fail(option: string, value: unknown, expected: string): never {
  throw optionError(PACKAGE, option, value, expected);
}
