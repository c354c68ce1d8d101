import { groupBy } from '@otelkit/core';
import type { ReceivedSpan } from './types';

export { groupBy };

/** Spans per trace id, traces in order of their first span. */
export function groupByTrace(spans: readonly ReceivedSpan[]): Map<string, ReceivedSpan[]> {
  return groupBy(spans, (span) => span.traceId);
}
