import { assertionError } from './assertion-error';
import { groupByTrace } from './group-by-trace';
import { buildTraceTrees } from './trace-tree';
import type { ReceivedSpan, TraceNode } from './types';

/**
 * Asserts the spans form one trace: a single trace id and a single tree (one root, no span
 * pointing at a parent that is not there). Returns that tree.
 */
export function assertConnectedTrace(spans: readonly ReceivedSpan[]): TraceNode {
  const title = 'assertConnectedTrace: the spans do not form one connected trace';
  if (spans.length === 0) throw assertionError(title, ['no spans were given'], spans);
  const problems: string[] = [];
  const traces = groupByTrace(spans);
  if (traces.size > 1) {
    problems.push(`the spans belong to ${traces.size} traces:`);
    for (const [id, group] of traces) {
      problems.push(`    ${id}: ${group.map((s) => `"${s.name}"`).join(', ')}`);
    }
  }
  const trees = buildTraceTrees(spans);
  for (const orphan of trees.filter((t) => t.missingParent)) {
    problems.push(
      `"${orphan.span.name}" names parent ${orphan.span.parentSpanId}, which is not among the spans`,
    );
  }
  const roots = trees.filter((t) => !t.missingParent);
  if (roots.length !== 1) {
    problems.push(
      `expected exactly one root, found ${roots.length}: ${roots.map((r) => `"${r.span.name}"`).join(', ')}`,
    );
  }
  if (problems.length > 0) throw assertionError(title, problems, trees);
  return trees[0];
}
