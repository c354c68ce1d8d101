import { renderWaterfall as render } from '@otelkit/core';
import type { ReceivedSpan, TraceNode, WaterfallOptions } from './types';

// The printer lives in @otelkit/core so that @otelkit/node's console exporter prints the same waterfall without
// depending on this package (its receivers load gRPC and protobufjs).

/**
 * Renders spans like a tracing UI waterfall: per trace a header (id, span count, total
 * duration, services), then one line per span indented by depth with service, kind, duration
 * and a bar on the trace's time axis.
 */
export function renderWaterfall(
  spansOrTrees: readonly ReceivedSpan[] | readonly TraceNode[],
  options: WaterfallOptions = {},
): string {
  return render<ReceivedSpan>(spansOrTrees, options);
}
