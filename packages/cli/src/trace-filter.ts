import type { Attributes, ReceivedSpan } from '@otelkit/testing';
import type { StoredTrace } from './internal-types';
import { attrText } from './span-json';
import type { TraceFilter } from './types';

function attributesContain(attributes: Attributes, needle: string): boolean {
  for (const key in attributes) {
    if (key.toLowerCase().includes(needle)) return true;
    if (attrText(attributes[key]).toLowerCase().includes(needle)) return true;
  }
  return false;
}

function spanContains(span: ReceivedSpan, needle: string): boolean {
  return (
    span.name.toLowerCase().includes(needle) ||
    (span.serviceName ?? '').toLowerCase().includes(needle) ||
    attributesContain(span.attributes, needle) ||
    span.events.some(
      (e) => e.name.toLowerCase().includes(needle) || attributesContain(e.attributes, needle),
    )
  );
}

/** Whether a trace passes every filter given; an absent filter passes all. */
export function matchesFilter(trace: StoredTrace, filter: TraceFilter): boolean {
  if (filter.errorsOnly && trace.errorCount === 0) return false;
  if (filter.service && !trace.services.has(filter.service)) return false;
  if (filter.minDurationMs !== undefined) {
    if (Number(trace.endNs - trace.startNs) / 1e6 < filter.minDurationMs) return false;
  }
  const needle = filter.text?.trim().toLowerCase();
  if (needle) return trace.traceId === needle || trace.spans.some((s) => spanContains(s, needle));
  return true;
}
