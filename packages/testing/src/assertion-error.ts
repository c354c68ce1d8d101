import { renderWaterfall } from './waterfall';
import type { ReceivedSpan, TraceNode } from './types';

/** An Error whose message ends with the received spans drawn as a plain-text tree. */
export function assertionError(
  title: string,
  problems: string[],
  received: readonly ReceivedSpan[] | readonly TraceNode[],
): Error {
  const list = problems.map((p) => (p.startsWith('    ') ? p : `  - ${p}`)).join('\n');
  const tree = renderWaterfall(received, { color: false, width: 120 });
  return new Error(`${title}\n${list}\n\nReceived:\n${tree}`);
}
