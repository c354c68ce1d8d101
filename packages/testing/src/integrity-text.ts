import { groupBy } from './group-by-trace';
import type { IntegrityFinding, IntegrityReport, ReceivedSpan } from './types';

/** A trace longer than this is drawn as its marked spans with their ancestors and children. */
export const SHORT_TRACE_SPANS = 40;
/** Distinct problems listed; the rest are counted. */
const MAX_LISTED = 30;

export interface IntegrityText {
  title: string;
  problems: string[];
  /** The spans to draw: the broken traces, shortened. */
  drawn: ReceivedSpan[];
  heading: string;
  mark: (span: ReceivedSpan) => string | undefined;
}

/**
 * Findings with the same message (the same span name, service and problem, in another request) share one numbered
 * line with a count, so a report over hundreds of requests stays readable.
 */
function numbered(findings: readonly IntegrityFinding[]): IntegrityFinding[][] {
  return [...groupBy(findings, (f) => `${f.kind}\n${f.message}`).values()];
}

/** The marked spans, their ancestors (so nothing new looks orphaned) and their direct children. */
function shorten(
  trace: readonly ReceivedSpan[],
  marked: ReadonlySet<ReceivedSpan>,
): ReceivedSpan[] {
  if (trace.length <= SHORT_TRACE_SPANS) return [...trace];
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const keep = new Set<ReceivedSpan>();
  for (const span of marked) {
    for (
      let s: ReceivedSpan | undefined = span;
      s && !keep.has(s);
      s = byId.get(s.parentSpanId ?? '')
    )
      keep.add(s);
  }
  for (const span of trace) {
    const parent = byId.get(span.parentSpanId ?? '');
    if (parent && marked.has(parent)) keep.add(span);
  }
  return trace.filter((s) => keep.has(s));
}

export function integrityText(
  report: IntegrityReport,
  spans: readonly ReceivedSpan[],
  maxTraces: number,
): IntegrityText {
  const groups = numbered(report.findings);
  const refs = new Map<ReceivedSpan, number[]>();
  groups.forEach((group, i) => {
    for (const f of group) refs.set(f.span, [...(refs.get(f.span) ?? []), i + 1]);
  });
  const broken = new Set(report.findings.map((f) => f.traceId));
  const problems = groups.slice(0, MAX_LISTED).map((group, i) => {
    const count = group.length > 1 ? ` (×${group.length})` : '';
    return `[${i + 1}] ${group[0].kind}${count}: ${group[0].message}`;
  });
  if (groups.length > MAX_LISTED)
    problems.push(`… and ${groups.length - MAX_LISTED} more distinct problem(s)`);

  // The trace of each problem's first occurrence, in problem order, so every kind of breakage is drawn once.
  const shown = [...new Set(groups.map((g) => g[0].traceId))].slice(0, maxTraces);
  const byTrace = groupBy(spans, (s) => s.traceId);
  const drawn = shown.flatMap((id) => shorten(byTrace.get(id) ?? [], new Set(refs.keys())));
  const cut = shown.some((id) => (byTrace.get(id)?.length ?? 0) > SHORT_TRACE_SPANS)
    ? `; traces over ${SHORT_TRACE_SPANS} spans show the marked spans, their ancestors and children`
    : '';
  return {
    title:
      `assertTraceIntegrity: ${report.findings.length} problem(s) in ${broken.size} of ` +
      `${report.traceCount} trace(s) (${report.spanCount} spans)`,
    problems,
    drawn,
    heading: `Broken traces (${shown.length} of ${broken.size} drawn; ✗ [n] marks the spans of problem n${cut}):`,
    mark: (span) => {
      const ids = refs.get(span);
      return ids ? `✗ [${[...new Set(ids)].join(',')}]` : undefined;
    },
  };
}
