import { assertionError } from './assertion-error';
import { formatValue } from './attr-match';
import { spanProblems } from './span-match';
import type { ExpectedSpan, ReceivedSpan } from './types';

/** Asserts name, kind, service, attributes (a subset) and status of one span. */
export function assertSpan(span: ReceivedSpan | undefined, expected: ExpectedSpan): ReceivedSpan {
  if (!span) throw new Error('assertSpan: no span was given (did findSpan find nothing?)');
  const problems = spanProblems(span, expected);
  if (problems.length > 0) {
    const details = `attributes: ${formatValue(span.attributes)}\n  status: ${formatValue(span.status)}`;
    throw assertionError(`assertSpan: span "${span.name}" does not match\n  ${details}`, problems, [
      span,
    ]);
  }
  return span;
}

/** Asserts `child` is a direct child of `parent` (same trace, parent_span_id = parent's id). */
export function assertChildOf(
  child: ReceivedSpan | undefined,
  parent: ReceivedSpan | undefined,
): void {
  if (!child || !parent)
    throw new Error('assertChildOf: both a child and a parent span are needed');
  const problems: string[] = [];
  if (child.traceId !== parent.traceId) {
    problems.push(`trace ids differ: child ${child.traceId}, parent ${parent.traceId}`);
  }
  if (child.parentSpanId !== parent.spanId) {
    problems.push(
      `"${child.name}" has parent ${child.parentSpanId ?? '(none: it is a root)'}, ` +
        `not "${parent.name}" (${parent.spanId})`,
    );
  }
  if (problems.length > 0) {
    throw assertionError(
      `assertChildOf: "${child.name}" is not a child of "${parent.name}"`,
      problems,
      [parent, child],
    );
  }
}
