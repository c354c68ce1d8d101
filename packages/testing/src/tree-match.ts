import { describeExpected, spanProblems } from './span-match';
import type { ExpectedTrace, TraceNode } from './types';

/** Bipartite matching (Kuhn): can every expectation get its own fitting child? */
function assignable(fits: number[][], childCount: number): boolean {
  const owner = new Array<number>(childCount).fill(-1);
  const tryAssign = (want: number, seen: boolean[]): boolean => {
    for (const child of fits[want]) {
      if (seen[child]) continue;
      seen[child] = true;
      if (owner[child] === -1 || tryAssign(owner[child], seen)) {
        owner[child] = want;
        return true;
      }
    }
    return false;
  };
  return fits.every((_, want) => tryAssign(want, new Array<boolean>(childCount).fill(false)));
}

export const nodeLabel = (node: TraceNode) => `"${node.span.name}"`;

/**
 * Why the subtree at `node` does not fit `expected` (empty when it does). Children are matched
 * as a subset in any order, each expectation by a different child.
 */
export function treeProblems(
  node: TraceNode,
  expected: ExpectedTrace,
  path = nodeLabel(node),
): string[] {
  const own = spanProblems(node.span, expected);
  if (own.length > 0) return own.map((p) => `${path}: ${p}`);
  const wanted = expected.children ?? [];
  if (wanted.length === 0) return [];
  const results = wanted.map((exp) =>
    node.children.map((child) => treeProblems(child, exp, `${path} > ${nodeLabel(child)}`)),
  );
  const fits = results.map((row) =>
    row.flatMap((problems, j) => (problems.length === 0 ? [j] : [])),
  );
  if (assignable(fits, node.children.length)) return [];

  const problems: string[] = [];
  wanted.forEach((exp, i) => {
    if (fits[i].length > 0) return;
    if (node.children.length === 0) {
      problems.push(`${path}: has no children, expected one matching ${describeExpected(exp)}`);
      return;
    }
    // A child that fits at its own level but fails deeper explains more than a wrong name.
    const rank = (j: number) =>
      (spanProblems(node.children[j].span, exp).length > 0 ? 1e6 : 0) + results[i][j].length;
    const best = node.children.reduce((b, _c, j) => (rank(j) < rank(b) ? j : b), 0);
    const closest = results[i][best];
    problems.push(`${path}: no child matches ${describeExpected(exp)}; closest:`);
    problems.push(...closest.map((p) => `    ${p}`));
  });
  if (problems.length === 0) {
    const names = node.children.map(nodeLabel).join(', ');
    problems.push(
      `${path}: the ${wanted.length} expected children cannot each be matched by a different child ` +
        `(children: ${names})`,
    );
  }
  return problems;
}
