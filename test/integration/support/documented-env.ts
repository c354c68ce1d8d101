import { readFileSync } from 'node:fs';
import path from 'node:path';

export const docsDir = path.join(__dirname, '..', '..', '..', 'docs');

/** One environment variable as a docs table row documents it. */
export interface DocumentedVariable {
  name: string;
  /** The row's third cell (the default), without backticks. */
  defaultText: string;
}

const NAME = /^(?:OTEL|OTELKIT)_[A-Z0-9_]+$/;
const CODE = /`([^`]+)`/g;

/**
 * The `OTEL_*` / `OTELKIT_*` variables of every table row of a docs page, in order, once each. A row's first cell may
 * name several (`A`, `…_TRACES_A`, "(else `B`)"); the `…_TRACES_X` shorthand expands against the full name before it.
 */
export function documentedVariables(page: string): DocumentedVariable[] {
  const found = new Map<string, DocumentedVariable>();
  for (const row of readFileSync(path.join(docsDir, page), 'utf8').split('\n')) {
    if (!row.startsWith('|') || /^\|\s*-/.test(row)) continue;
    const cells = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const defaultText = (cells[3] ?? '').replace(/`/g, '');
    let previous: string | undefined;
    for (const [, code] of cells[1].matchAll(CODE)) {
      const name = code.startsWith('…') && previous ? expand(previous, code.slice(1)) : code;
      if (!NAME.test(name)) continue;
      previous = name;
      if (!found.has(name)) found.set(name, { name, defaultText });
    }
  }
  return [...found.values()];
}

/** Every `OTEL_*` / `OTELKIT_*` name a docs page mentions anywhere (prose, tables, examples). */
export function mentionedVariables(page: string): string[] {
  const text = readFileSync(path.join(docsDir, page), 'utf8');
  return [...new Set(text.match(/\b(?:OTEL|OTELKIT)_[A-Z0-9_]*[A-Z0-9]\b/g) ?? [])];
}

/** `OTEL_EXPORTER_OTLP_CLIENT_KEY` + `_TRACES_CLIENT_KEY` → `OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY`. */
function expand(full: string, tail: string): string {
  const parts = tail.split('_').filter(Boolean);
  for (let k = parts.length - 1; k > 0; k--) {
    const shared = `_${parts.slice(-k).join('_')}`;
    if (full.endsWith(shared)) return full.slice(0, full.length - shared.length) + tail;
  }
  return tail;
}
