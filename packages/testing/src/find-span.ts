import type { ReceivedSpan, SpanMatcher } from './types';

function toPredicate(matcher: SpanMatcher): (span: ReceivedSpan) => boolean {
  if (typeof matcher === 'string') return (span) => span.name === matcher;
  if (matcher instanceof RegExp) return (span) => matcher.test(span.name);
  return matcher;
}

/** The first span whose name equals the string, matches the RegExp, or satisfies the predicate. */
export function findSpan(
  spans: readonly ReceivedSpan[],
  matcher: SpanMatcher,
): ReceivedSpan | undefined {
  return spans.find(toPredicate(matcher));
}

/** Every span matching, in the given order. */
export function findSpans(spans: readonly ReceivedSpan[], matcher: SpanMatcher): ReceivedSpan[] {
  return spans.filter(toPredicate(matcher));
}
