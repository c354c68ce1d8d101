import { echoOption } from './echo';

/**
 * The one format of a bad code option, thrown at construction: a developer at a keyboard should see the package,
 * the option, what was given (cut, credentials hidden) and what is allowed.
 */
export function optionError(
  prefix: string,
  name: string,
  value: unknown,
  expected: string,
): TypeError {
  return new TypeError(
    `${prefix}: option ${name} is ${echoOption(name, value)}; expected ${expected}`,
  );
}

/** Throws optionError unless `value` is undefined or a number within `range`. */
export function checkNumberOption(
  prefix: string,
  name: string,
  value: unknown,
  range: { min: number; max: number; integer?: boolean },
): void {
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max;
  if (!ok) {
    const kind = range.integer ? 'a whole number' : 'a number';
    throw optionError(prefix, name, value, `${kind} from ${range.min} to ${range.max}`);
  }
}
