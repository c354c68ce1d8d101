import type { Paint } from './waterfall-paint';
import { buildTraceTrees, flattenTrees, groupBy } from './waterfall-tree';
import type { WaterfallNode, WaterfallOptions, WaterfallSpan } from './types';

// Required with the first waterfall: every package loads this index at start, few print a waterfall (issue 19).
const paintLib = () => require('./waterfall-paint') as typeof import('./waterfall-paint');

const DEFAULT_WIDTH = 120;
const MIN_WIDTH = 60;
const DURATION_WIDTH = 11;

export function formatMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function isTrees<S extends WaterfallSpan>(
  input: readonly S[] | readonly WaterfallNode<S>[],
): input is readonly WaterfallNode<S>[] {
  return input.length > 0 && 'span' in input[0] && 'children' in input[0];
}

function label(node: WaterfallNode, depth: number): string {
  const { span } = node;
  const service = span.serviceName ? ` [${span.serviceName}]` : '';
  const orphan = node.missingParent ? ' (parent missing)' : '';
  const error = span.status.code === 2 ? ' ERROR' : '';
  return `${'  '.repeat(depth)}${span.name}${service} ${span.kindName}${error}${orphan}`;
}

function bar(
  span: WaterfallSpan,
  start: bigint,
  total: bigint,
  width: number,
): [string, string, string] {
  const scale = (ns: bigint) => Number((ns * BigInt(width)) / total);
  const offset = Math.min(width - 1, Math.max(0, scale(span.startTimeUnixNano - start)));
  const length = Math.max(
    1,
    Math.min(width - offset, scale(span.endTimeUnixNano - span.startTimeUnixNano)),
  );
  return [' '.repeat(offset), '█'.repeat(length), ' '.repeat(width - offset - length)];
}

function renderTrace<S extends WaterfallSpan>(
  trees: WaterfallNode<S>[],
  width: number,
  paint: Paint,
  mark: WaterfallOptions<S>['mark'],
): string {
  const rows = flattenTrees(trees);
  const spans = rows.map((r) => r.node.span);
  const start = spans.reduce(
    (m, s) => (s.startTimeUnixNano < m ? s.startTimeUnixNano : m),
    spans[0].startTimeUnixNano,
  );
  const end = spans.reduce(
    (m, s) => (s.endTimeUnixNano > m ? s.endTimeUnixNano : m),
    spans[0].endTimeUnixNano,
  );
  const total = end > start ? end - start : 1n;
  const services = [...new Set(spans.map((s) => s.serviceName ?? '?'))].join(', ');
  const header = paint(
    'bold',
    `Trace ${spans[0].traceId} · ${spans.length} span(s) · ${formatMs(Number(end - start) / 1e6)} · ${services}`,
  );
  const barWidth = Math.max(10, Math.floor(width * 0.4));
  const labelWidth = width - barWidth - DURATION_WIDTH - 3;
  const lines = rows.map(({ node, depth }) => {
    const [before, filled, after] = bar(node.span, start, total, barWidth);
    const duration = formatMs(node.span.durationMs).padStart(DURATION_WIDTH);
    const note = mark?.(node.span);
    const text = note
      ? `${fit(label(node, depth), Math.max(1, labelWidth - note.length - 1))} ${paint('red', note)}`
      : fit(label(node, depth), labelWidth);
    return `${text}${paint('dim', duration)} |${before}${paint(paintLib().barStyle(node.span), filled)}${after}|`;
  });
  return [header, ...lines].join('\n');
}

/**
 * Renders spans like a tracing UI waterfall: per trace a header (id, span count, total
 * duration, services), then one line per span indented by depth with service, kind, duration
 * and a bar on the trace's time axis.
 */
export function renderWaterfall<S extends WaterfallSpan>(
  spansOrTrees: readonly S[] | readonly WaterfallNode<S>[],
  options: WaterfallOptions<S> = {},
): string {
  if (spansOrTrees.length === 0) return '(no spans)';
  const width = Math.max(MIN_WIDTH, options.width ?? (process.stdout.columns || DEFAULT_WIDTH));
  const paint = paintLib().painter(options.color ?? Boolean(process.stdout.isTTY));
  const trees = isTrees(spansOrTrees) ? [...spansOrTrees] : buildTraceTrees(spansOrTrees);
  return [...groupBy(trees, (tree) => tree.span.traceId).values()]
    .map((t) => renderTrace(t, width, paint, options.mark))
    .join('\n\n');
}
