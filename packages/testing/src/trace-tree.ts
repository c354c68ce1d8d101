import { buildTraceTrees as build, flattenTrees as flatten } from '@otelkit/core';
import type { ReceivedSpan, TraceNode } from './types';

/**
 * Links spans to their parents (per trace) and returns the roots sorted by start time. A span
 * whose parent is not among `spans` becomes a root flagged `missingParent`.
 */
export function buildTraceTrees(spans: readonly ReceivedSpan[]): TraceNode[] {
  return build(spans);
}

/** Depth-first, children in start order, with each node's depth. */
export function flattenTrees(trees: readonly TraceNode[]): { node: TraceNode; depth: number }[] {
  return flatten(trees);
}
