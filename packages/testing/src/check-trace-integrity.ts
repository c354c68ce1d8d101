import { checkCalls, servicesInTest } from './check-calls';
import { checkRequired } from './check-required';
import { checkRoots } from './check-roots';
import { groupBy, groupByTrace } from './group-by-trace';
import { compileIntegrityOptions, FINDING_KINDS } from './integrity-options';
import { buildTraceTrees, flattenTrees } from './trace-tree';
import type { CompiledIntegrityOptions, TraceView } from './internal-types';
import type {
  IntegrityFinding,
  IntegrityReport,
  ReceivedSpan,
  TraceIntegrityOptions,
} from './types';

function traceViews(spans: readonly ReceivedSpan[]): TraceView[] {
  const roots = groupBy(buildTraceTrees(spans), (tree) => tree.span.traceId);
  return [...groupByTrace(spans).keys()].map((traceId) => {
    const trees = roots.get(traceId) ?? [];
    return { traceId, roots: trees, rows: flattenTrees(trees) };
  });
}

/** The findings of one options set over already grouped traces: what both the check and the assertion run. */
export function integrityReport(
  spans: readonly ReceivedSpan[],
  opts: CompiledIntegrityOptions,
): IntegrityReport {
  const services = servicesInTest(spans);
  const findings: IntegrityFinding[] = [];
  const kindOrder = (f: IntegrityFinding) => FINDING_KINDS.indexOf(f.kind);
  const traces = traceViews(spans);
  for (const trace of traces) {
    const position = new Map(trace.rows.map((r, i) => [r.node.span, i]));
    const found = [
      ...checkRoots(trace, opts),
      ...checkCalls(trace, services, opts),
      ...checkRequired(trace, opts),
    ].filter((f) => opts.runs(f.kind) && !opts.ignore(f.span));
    found.sort(
      (a, b) => position.get(a.span)! - position.get(b.span)! || kindOrder(a) - kindOrder(b),
    );
    findings.push(...found);
  }
  return {
    ok: findings.length === 0,
    findings,
    spanCount: spans.length,
    traceCount: traces.length,
  };
}

/**
 * Checks the spans a test received for the ways traces break silently: orphans, several roots in one trace, traces
 * that start at a CLIENT or INTERNAL span, calls to a service of the test that did not continue the trace, and
 * spans missing the attributes you declare `required`. Pure: it judges exactly the spans given, so flush first
 * (stop the app, or wait for its export interval) or spans still in flight read as orphans.
 */
export function checkTraceIntegrity(
  spans: readonly ReceivedSpan[],
  options: TraceIntegrityOptions = {},
): IntegrityReport {
  return integrityReport(spans, compileIntegrityOptions('checkTraceIntegrity', options));
}
