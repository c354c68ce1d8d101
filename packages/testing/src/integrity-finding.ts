import type { IntegrityFinding, IntegrityFindingKind, ReceivedSpan } from './types';

/** `CLIENT "POST" [gateway]`: how every integrity message names a span. */
export function spanLabel(span: ReceivedSpan): string {
  return `${span.kindName} "${span.name}" [${span.serviceName ?? '?'}]`;
}

export function finding(
  kind: IntegrityFindingKind,
  span: ReceivedSpan,
  message: string,
  extra: Pick<IntegrityFinding, 'missingAttributes' | 'peer'> = {},
): IntegrityFinding {
  return {
    kind,
    traceId: span.traceId,
    spanId: span.spanId,
    spanName: span.name,
    service: span.serviceName,
    message,
    span,
    ...extra,
  };
}
