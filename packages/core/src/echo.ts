import { isSecretName, redactText, redactUrl } from './redact';

/** Longest excerpt of a configured value that a line shows. */
export const ECHO_MAX = 100;

/** `text` cut to `max` characters, saying how long it was: a 100 KB value must not become a 100 KB line. */
export function cut(text: string, max = ECHO_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length} characters)`;
}

/**
 * A configured value as a diagnostic line may show it: quoted (control characters escaped), cut, with URL
 * credentials and secret-looking parts masked, and nothing at all of a variable that holds secrets by its name.
 */
export function echo(name: string, value: string): string {
  if (isSecretName(name)) return `(${value.length} characters, not shown)`;
  const shown = value.includes('://') ? redactUrl(value) : redactText(value);
  return JSON.stringify(cut(shown));
}

/** A code option's value as an error message shows it (same rules as echo). */
export function echoOption(name: string, value: unknown): string {
  if (typeof value === 'string') return echo(name, value);
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  // Numbers as JavaScript writes them: JSON would print NaN and Infinity as null.
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'symbol')
    return String(value);
  if (isSecretName(name)) return '(not shown)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return cut(redactText(text));
}
