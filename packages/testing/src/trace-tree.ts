import type { ReceivedSpan, TraceNode } from './types';

const byStart = (a: TraceNode, b: TraceNode) =>
  a.span.startTimeUnixNano < b.span.startTimeUnixNano
    ? -1
    : a.span.startTimeUnixNano > b.span.startTimeUnixNano
      ? 1
      : 0;

function sortDeep(nodes: TraceNode[]): TraceNode[] {
  nodes.sort(byStart);
  for (const node of nodes) sortDeep(node.children);
  return nodes;
}

/**
 * Links spans to their parents (per trace) and returns the roots sorted by start time. A span
 * whose parent is not among `spans` becomes a root flagged `missingParent`.
 */
export function buildTraceTrees(spans: readonly ReceivedSpan[]): TraceNode[] {
  const nodes = new Map<string, TraceNode>();
  const all = spans.map((span) => {
    const node: TraceNode = { span, children: [] };
    const key = `${span.traceId}:${span.spanId}`;
    if (!nodes.has(key)) nodes.set(key, node);
    return node;
  });
  const roots: TraceNode[] = [];
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
export function flattenTrees(trees: readonly TraceNode[]): { node: TraceNode; depth: number }[] {
  const out: { node: TraceNode; depth: number }[] = [];
  const visit = (node: TraceNode, depth: number) => {
    out.push({ node, depth });
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const tree of trees) visit(tree, 0);
  return out;
}
