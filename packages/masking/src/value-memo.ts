import type { DELETE } from './internal-types';

/** Longer values are not remembered: the memory a memo holds stays small (two short strings per attribute key). */
export const MEMO_MAX_LENGTH = 256;

/**
 * The last string value masked under one span-attribute key, what it became and how many masks that counted.
 * Most attribute values repeat from one span to the next (method, scheme, addresses, route, user agent, a query
 * string under load): an equal value gets the same result without its feature scan, prefilters and regexes.
 * Only made for keys whose ops have no `where` (their result depends on nothing but the value), and only used when
 * no known secret is to be masked in the value first (engine.ts): then the ops are a pure function of the value.
 */
export class ValueMemo {
  input: string | undefined = undefined;
  output: string | typeof DELETE = '';
  counted = 0;

  remember(input: string, output: string | typeof DELETE, counted: number): void {
    if (input.length > MEMO_MAX_LENGTH) return;
    this.input = input;
    this.output = output;
    this.counted = counted;
  }
}
