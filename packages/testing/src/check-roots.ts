import { finding, spanLabel } from './integrity-finding';
import type { CompiledIntegrityOptions, TraceView } from './internal-types';
import type { IntegrityFinding } from './types';

/**
 * Orphans, extra roots and traces that start with a span that is not an entry span. Spans matched by `allowRoots`
 * may have no parent in the test at all.
 */
export function checkRoots(trace: TraceView, opts: CompiledIntegrityOptions): IntegrityFinding[] {
  const out: IntegrityFinding[] = [];
  const counted = trace.roots.filter((r) => !opts.allowRoot(r.span));
  for (const { span } of counted.filter((r) => r.missingParent)) {
    out.push(
      finding(
        'orphan',
        span,
        `${spanLabel(span)} names a parent missing from its trace (lost, dropped, or not flushed yet)`,
      ),
    );
  }
  const roots = counted.filter((r) => !r.missingParent);
  if (roots.length > 1) {
    const first = roots[0].span;
    for (const { span } of roots.slice(1)) {
      out.push(
        finding(
          'multiple-roots',
          span,
          `${spanLabel(span)} is one of ${roots.length} spans without a parent in one trace ` +
            `(the first is ${spanLabel(first)})`,
        ),
      );
    }
  }
  for (const { span } of roots) {
    if (opts.rootKinds.includes(span.kindName)) continue;
    out.push(
      finding(
        'unexpected-root',
        span,
        `${spanLabel(span)} (scope ${span.scope.name || '?'}) starts a trace, but traces should start at a ` +
          `${opts.rootKinds.join(' or ')} span: it probably ran outside the request's context ` +
          '(allowRoots accepts start-up and background work)',
      ),
    );
  }
  return out;
}
