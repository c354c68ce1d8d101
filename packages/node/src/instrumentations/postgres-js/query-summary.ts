/** What a span name and the `db.operation.name`/`db.collection.name` attributes say about one query. */
export interface QuerySummary {
  /** The first keyword, upper-case (`SELECT`), or undefined when the text does not start with one. */
  readonly operation?: string;
  /** The table the operation works on, when the text names it in the usual place (`FROM x`, `INTO x`, `UPDATE x`). */
  readonly collection?: string;
}

// Only the head of a query is read: the operation and its table come first, and a query can be megabytes long.
const HEAD_CHARS = 500;
const KEYWORD = /^[A-Za-z]+/;
// A table name as written: plain, or double-quoted, optionally schema-qualified. Anything else (a sub-select, a
// function call) names no table.
const NAME = /^(?:"[^"]{1,63}"|[A-Za-z_][\w$]{0,62})(?:\.(?:"[^"]{1,63}"|[A-Za-z_][\w$]{0,62}))?/;
const TABLE_AFTER: Readonly<Record<string, RegExp>> = {
  SELECT: /\sfrom\s+/i,
  DELETE: /^delete\s+from\s+/i,
  INSERT: /^insert\s+into\s+/i,
  UPDATE: /^update\s+(?:only\s+)?/i,
};

/**
 * Operation and table of a query, from its text; leading blanks and `--`/`/* *\/` comments are skipped, so a query
 * that starts with a newline is not named by it.
 */
export function summarizeQuery(text: string | null | undefined): QuerySummary {
  if (typeof text !== 'string') return {};
  const head = skipBlanksAndComments(text.slice(0, HEAD_CHARS));
  const keyword = KEYWORD.exec(head)?.[0];
  if (keyword === undefined) return {};
  const operation = keyword.toUpperCase();
  const before = TABLE_AFTER[operation]?.exec(head);
  if (!before) return { operation };
  const name = NAME.exec(head.slice(before.index + before[0].length))?.[0];
  return name === undefined ? { operation } : { operation, collection: name.replace(/"/g, '') };
}

/** The span name of the database semantic conventions: `{operation} {table}`, the operation alone, or a fallback. */
export function spanNameOf(summary: QuerySummary, fallback: string): string {
  if (summary.operation === undefined) return fallback;
  return summary.collection === undefined
    ? summary.operation
    : `${summary.operation} ${summary.collection}`;
}

function skipBlanksAndComments(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.trimStart();
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      rest = end < 0 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      rest = end < 0 ? '' : trimmed.slice(end + 2);
    } else {
      return trimmed;
    }
  }
}
