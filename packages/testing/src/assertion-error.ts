import { renderWaterfall } from './waterfall';
import type { ReceivedSpan, TraceNode, WaterfallOptions } from './types';

/** An Error whose message ends with the received spans drawn as a plain-text tree. */
export function assertionError(
  title: string,
  problems: string[],
  received: readonly ReceivedSpan[] | readonly TraceNode[],
  waterfall: Pick<WaterfallOptions, 'mark'> & { heading?: string } = {},
): Error {
  const list = problems.map((p) => (p.startsWith('    ') ? p : `  - ${p}`)).join('\n');
  const tree = renderWaterfall(received, { color: false, width: 120, mark: waterfall.mark });
  return new Error(`${title}\n${list}\n\n${waterfall.heading ?? 'Received:'}\n${tree}`);
}
