import { assertionError } from './assertion-error';
import { formatValue } from './attr-match';
import { describeExpected } from './span-match';
import { buildTraceTrees, flattenTrees } from './trace-tree';
import { treeProblems } from './tree-match';
import type { AssertTraceOptions, ExpectedTrace, ReceivedSpan, TraceNode } from './types';

function renderExpected(expected: ExpectedTrace, depth = 0): string[] {
  const line = `${'  '.repeat(depth + 1)}${describeExpected(expected)}`;
  return [line, ...(expected.children ?? []).flatMap((c) => renderExpected(c, depth + 1))];
}

/** Candidates whose own span fits come first, then the one with the fewest problems. */
function closest(results: { node: TraceNode; problems: string[] }[], expected: ExpectedTrace) {
  const named = (node: TraceNode) =>
    expected.name === undefined ||
    (expected.name instanceof RegExp
      ? expected.name.test(node.span.name)
      : expected.name === node.span.name);
  return results.reduce((best, r) => {
    const rank = (x: typeof r) => (named(x.node) ? 0 : 1e6) + x.problems.length;
    return rank(r) < rank(best) ? r : best;
  });
}

/**
 * Asserts that the trace contains the expected shape: `expected` must fit a root (or any span
 * with `{ atRoot: false }`) and its `children` must fit distinct children, recursively, in any
 * order; extra spans are allowed. Returns the matching node.
 */
export function assertTrace(
  spans: readonly ReceivedSpan[],
  expected: ExpectedTrace,
  options: AssertTraceOptions = {},
): TraceNode {
  const trees = buildTraceTrees(spans);
  const candidates = options.atRoot === false ? flattenTrees(trees).map((r) => r.node) : trees;
  const results = candidates.map((node) => ({ node, problems: treeProblems(node, expected) }));
  const match = results.find((r) => r.problems.length === 0);
  if (match) return match.node;
  const where = options.atRoot === false ? 'span' : 'root';
  const title = `assertTrace: no ${where} matches the expected shape`;
  if (results.length === 0) throw assertionError(title, ['no spans were given'], spans);
  const best = closest(results, expected);
  throw assertionError(
    `${title}\nExpected:\n${renderExpected(expected).join('\n')}\nClosest ${where} ${formatValue(best.node.span.name)}:`,
    best.problems,
    trees,
  );
}
