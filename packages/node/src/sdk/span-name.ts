import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Longest span name otelkit lets through once it had to rewrite a blank-edged one (a query text, say). */
export const MAX_REWRITTEN_NAME = 128;
// How much of a blank-edged name is scanned for its first line: a multi-megabyte query text costs no more than this.
const SCAN_LIMIT = 4096;

/**
 * The name to export instead of `name`, or undefined when `name` is fine as it is. Only a name that is empty or starts
 * or ends with whitespace is looked at (two char checks otherwise, no allocation): its first non-blank line, cut to
 * {@link MAX_REWRITTEN_NAME}; for an all-blank name, the database fallback of the semantic conventions
 * (`{db.operation.name} {db.collection.name}`, the operation taken from the query text's first word when no attribute
 * names it, else `db.system.name`), else `span`.
 */
export function repairedSpanName(
  name: string,
  attributes: Readonly<Record<string, unknown>>,
): string | undefined {
  const last = name.length - 1;
  if (last >= 0 && !isBlank(name.charCodeAt(0)) && !isBlank(name.charCodeAt(last)))
    return undefined;
  const line = firstLine(name);
  if (line !== '')
    return line.length > MAX_REWRITTEN_NAME ? line.slice(0, MAX_REWRITTEN_NAME) : line;
  return databaseName(attributes) ?? 'span';
}

/** Rewrites blank-edged span names in `onEnding`, while the span is still writable. */
export class SpanNameProcessor implements SpanProcessor {
  onStart(_span: Span, _context: Context): void {}

  onEnding(span: Span): void {
    const repaired = repairedSpanName(span.name, span.attributes);
    // SpanImpl's `name` is a plain field; updateName() refuses once end() has begun.
    if (repaired !== undefined) (span as { name: string }).name = repaired;
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

// Space, tab, line breaks, and the other code points String.prototype.trim removes that show up in query texts.
function isBlank(code: number): boolean {
  return (
    code <= 32 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x2028 ||
    code === 0x2029
  );
}

function firstLine(name: string): string {
  for (const line of name.slice(0, SCAN_LIMIT).split(/\r\n|[\n\r\u2028\u2029\u0085]/)) {
    const trimmed = line.trim();
    if (trimmed !== '') return trimmed;
  }
  return '';
}

function databaseName(attributes: Readonly<Record<string, unknown>>): string | undefined {
  // mysql2 names a span by the query text up to its first space: "\n  SELECT …" gives "\n". Its first word is the
  // operation the conventions' name starts with.
  const operation =
    text(attributes['db.operation.name']) ??
    text(attributes['db.operation']) ??
    firstWord(attributes['db.query.text'] ?? attributes['db.statement']);
  const collection = text(attributes['db.collection.name']) ?? text(attributes['db.sql.table']);
  if (operation !== undefined)
    return collection === undefined ? operation : `${operation} ${collection}`;
  return text(attributes['db.system.name']) ?? text(attributes['db.system']);
}

function firstWord(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  return /^\s*([A-Za-z]{1,32})(?![A-Za-z])/.exec(query.slice(0, SCAN_LIMIT))?.[1]?.toUpperCase();
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_REWRITTEN_NAME);
}
