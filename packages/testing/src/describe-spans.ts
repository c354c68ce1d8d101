import type { ReceivedRequest, ReceivedSpan } from './types';

/** One short line per span, for error messages. */
export function describeSpans(spans: readonly ReceivedSpan[]): string {
  if (spans.length === 0) return '  (no spans)';
  return spans
    .map(
      (s) =>
        `  - "${s.name}" ${s.kindName} service=${s.serviceName ?? '?'} ` +
        `trace=${s.traceId.slice(0, 8)} span=${s.spanId} parent=${s.parentSpanId ?? '-'}`,
    )
    .join('\n');
}

function answerOf(r: ReceivedRequest): string | number {
  if (r.grpcStatus !== undefined) return `gRPC ${r.grpcStatus}`;
  return r.responseStatus ?? 'no response';
}

/** Summarises requests so a timeout says whether anything arrived and why it was refused. */
export function describeRequests(requests: readonly ReceivedRequest[]): string {
  if (requests.length === 0) return 'no OTLP request arrived at the receiver';
  const lines = requests.map(
    (r) =>
      `  - POST ${r.path} ${r.format} ${r.contentEncoding ?? 'identity'} → ` +
      `${answerOf(r)}, ${r.spanCount} span(s)${r.error ? `: ${r.error}` : ''}`,
  );
  return `${requests.length} request(s):\n${lines.join('\n')}`;
}
