import type { EnvCaseResult } from './env-case';

/** Longest line anything may print, whatever the configuration. */
export const MAX_LINE = 1000;

const SHOWN = 240;
const show = (line: string) =>
  line.length <= SHOWN ? line : `${line.slice(0, SHOWN)}… (${line.length} characters)`;

/** Lines naming `name` as a whole word (OTELKIT_SAMPLER does not name OTELKIT_SAMPLER_ARG). */
export function linesNaming(lines: readonly string[], name: string): string[] {
  const word = new RegExp(`(?<![A-Z0-9_])${name}(?![A-Z0-9_])`);
  return lines.filter((line) => word.test(line));
}

/**
 * What a run printed that no configuration may cause, each as `rule: the line`: more than one line naming the
 * variable, a line over 1,000 characters, a Node warning, a stack trace, a RangeError. Empty when clean.
 */
export function outputViolations(result: EnvCaseResult, variable?: string): string[] {
  const found: string[] = [];
  if (variable) {
    const naming = linesNaming(result.lines, variable);
    if (naming.length > 1)
      found.push(...naming.map((line) => `${naming.length} lines name ${variable}: ${show(line)}`));
  }
  for (const line of result.lines) {
    if (line.length > MAX_LINE) found.push(`line over ${MAX_LINE} characters: ${show(line)}`);
    if (/^\(node:\d+\)/.test(line)) found.push(`Node warning: ${show(line)}`);
    if (/^\s+at \S/.test(line)) found.push(`stack trace: ${show(line)}`);
    else if (/RangeError/.test(line)) found.push(`RangeError: ${show(line)}`);
  }
  return dedupe(found);
}

/** Repeated identical findings (600 overflow warnings) collapse into one entry with a count. */
function dedupe(found: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of found) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => (n === 1 ? item : `${item} (×${n})`));
}
