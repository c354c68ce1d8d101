import type { WaterfallNode, WaterfallSpan } from './types';

/** Items per key, keys in order of first appearance. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const byStart = (a: WaterfallNode, b: WaterfallNode) =>
  a.span.startTimeUnixNano < b.span.startTimeUnixNano
    ? -1
    : a.span.startTimeUnixNano > b.span.startTimeUnixNano
      ? 1
      : 0;

function sortDeep<S extends WaterfallSpan>(nodes: WaterfallNode<S>[]): WaterfallNode<S>[] {
  nodes.sort(byStart);
  for (const node of nodes) sortDeep(node.children);
  return nodes;
}

/**
 * Links spans to their parents (per trace) and returns the roots sorted by start time. A span
 * whose parent is not among `spans` becomes a root flagged `missingParent`.
 */
export function buildTraceTrees<S extends WaterfallSpan>(spans: readonly S[]): WaterfallNode<S>[] {
  const nodes = new Map<string, WaterfallNode<S>>();
  const all = spans.map((span) => {
    const node: WaterfallNode<S> = { span, children: [] };
    const key = `${span.traceId}:${span.spanId}`;
    if (!nodes.has(key)) nodes.set(key, node);
    return node;
  });
  const roots: WaterfallNode<S>[] = [];
  for (const node of all) {
    const { traceId, parentSpanId } = node.span;
    const parent = parentSpanId ? nodes.get(`${traceId}:${parentSpanId}`) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else {
      if (parentSpanId) node.missingParent = true;
      roots.push(node);
    }
  }
  return sortDeep(roots);
}

/** Depth-first, children in start order, with each node's depth. */
export function flattenTrees<S extends WaterfallSpan>(
  trees: readonly WaterfallNode<S>[],
): { node: WaterfallNode<S>; depth: number }[] {
  const out: { node: WaterfallNode<S>; depth: number }[] = [];
  const visit = (node: WaterfallNode<S>, depth: number) => {
    out.push({ node, depth });
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const tree of trees) visit(tree, 0);
  return out;
}
