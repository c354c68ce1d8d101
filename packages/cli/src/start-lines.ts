import type { Viewer, ViewerOptions } from './types';

/** What `otelkit view` prints once both servers listen. */
export function describeStart(viewer: Viewer): string {
  const { maxSpans } = viewer.stats();
  return [
    `otelkit view: open ${viewer.uiUrl}`,
    `  OTLP/HTTP receiver: ${viewer.otlpUrl} (protobuf or JSON; apps on this machine export to it with OTEL_EXPORTER_OTLP_ENDPOINT=${viewer.otlpUrl})`,
    `  keeps the most recent ${maxSpans.toLocaleString('en-US')} spans, evicting the oldest traces; Ctrl+C to stop`,
  ].join('\n');
}

/** One line for a start that failed, with the flag that fixes it. */
export function describeStartError(err: unknown, options: ViewerOptions): string {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE') {
    const port = e.port ?? '?';
    const flag = port === (options.port ?? 4318) ? '--port' : '--ui-port';
    return `otelkit view: port ${port} is already in use (another collector or viewer?); choose another with ${flag}`;
  }
  if (e?.code === 'EADDRNOTAVAIL' || e?.code === 'ENOTFOUND')
    return `otelkit view: cannot listen on host "${options.host}": ${e.code}`;
  return `otelkit view: cannot start: ${e?.message ?? String(err)}`;
}
