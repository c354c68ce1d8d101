/** Options of `startViewer` and the flags of `otelkit view`. */
export interface ViewerOptions {
  /** OTLP/HTTP port (`--port`). 0 picks a free one. Default 4318, what OTLP exporters send to. */
  port?: number;
  /** Web UI port (`--ui-port`). 0 picks a free one. Default 16686. */
  uiPort?: number;
  /**
   * Interface both servers listen on (`--host`). Default '127.0.0.1': only this machine can send
   * spans or read them. Anything else exposes every received span to the network.
   */
  host?: string;
  /**
   * Spans kept in memory (`--max-spans`), 100 to 1,000,000. When a batch takes the total over it,
   * the oldest whole traces are evicted and counted. Default 50,000 (about 100 MB of RSS, see
   * docs/view.md).
   */
  maxSpans?: number;
}

/** A running viewer. */
export interface Viewer {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. `http://127.0.0.1:4318`. */
  otlpUrl: string;
  /** The web UI, e.g. `http://127.0.0.1:16686`. */
  uiUrl: string;
  /** What the viewer holds and has evicted so far. */
  stats(): ViewerStats;
  /** Stops both servers and ends open UI connections. */
  close(): Promise<void>;
}

export interface ViewerStats {
  traces: number;
  spans: number;
  maxSpans: number;
  /** Whole traces evicted to stay within `maxSpans`. */
  evictedTraces: number;
  evictedSpans: number;
  /** Spans received since start, kept or not. */
  receivedSpans: number;
}

/** One row of the trace list (`GET /api/traces`). */
export interface TraceSummary {
  traceId: string;
  /** The root span's name, or the earliest span's when the root has not arrived. */
  rootName: string;
  /** The root span's service, or the earliest span's. */
  rootService: string;
  services: string[];
  spanCount: number;
  errorCount: number;
  /** Earliest start, ms since the epoch. */
  startMs: number;
  /** Latest end minus earliest start. */
  durationMs: number;
  /** False while the root span has not arrived. */
  hasRoot: boolean;
}

/** Filters of `GET /api/traces` (query `service`, `errors=1`, `minMs`, `q`, `limit`). */
export interface TraceFilter {
  service?: string;
  errorsOnly?: boolean;
  minDurationMs?: number;
  /** Case-insensitive text in span names, attribute keys and values, services. */
  text?: string;
  /** Most recent first; default 200. */
  limit?: number;
}
