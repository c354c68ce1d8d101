import type { StoredTrace } from './internal-types';
import type { TraceSummary } from './types';

const NS_PER_MS = 1_000_000n;

function earliest(trace: StoredTrace) {
  let first = trace.spans[0];
  for (const span of trace.spans)
    if (span.startTimeUnixNano < first.startTimeUnixNano) first = span;
  return first;
}

/** The list row of one trace. */
export function summarize(trace: StoredTrace): TraceSummary {
  const head = trace.root ?? earliest(trace);
  return {
    traceId: trace.traceId,
    rootName: head.name,
    rootService: head.serviceName ?? 'unknown service',
    services: [...trace.services].sort(),
    spanCount: trace.spans.length,
    errorCount: trace.errorCount,
    startMs: Number(trace.startNs / NS_PER_MS),
    durationMs: Number(trace.endNs - trace.startNs) / 1e6,
    hasRoot: trace.root !== undefined,
  };
}
