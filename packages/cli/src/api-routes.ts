import type { ServerResponse } from 'node:http';
import { spanJson } from './span-json';
import { summarize } from './trace-summary';
import type { LiveUpdates } from './live-updates';
import type { TraceStore } from './trace-store';
import type { TraceFilter } from './types';

const MAX_LIMIT = 1000;
const TRACE_PATH = /^\/api\/traces\/([0-9a-fA-F]{1,32})$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function numberParam(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `GET /api/traces` query → filter; values that do not parse are ignored, never an error page. */
export function filterFromQuery(query: URLSearchParams): TraceFilter {
  const limit = numberParam(query.get('limit'));
  return {
    service: query.get('service') || undefined,
    errorsOnly: query.get('errors') === '1' || query.get('errors') === 'true',
    minDurationMs: numberParam(query.get('minMs')),
    text: query.get('q') || undefined,
    limit: limit === undefined ? undefined : Math.min(Math.floor(limit), MAX_LIMIT),
  };
}

/** Answers `/api/*`; returns false for any other path. */
export function handleApi(
  res: ServerResponse,
  url: URL,
  store: TraceStore,
  live: LiveUpdates,
  otlpUrl: string,
): boolean {
  const { pathname } = url;
  if (!pathname.startsWith('/api/')) return false;
  if (pathname === '/api/events') {
    live.open(res);
    return true;
  }
  if (pathname === '/api/traces') {
    sendJson(res, 200, {
      traces: store.list(filterFromQuery(url.searchParams)),
      services: store.services(),
      stats: store.stats(),
      otlpUrl,
    });
    return true;
  }
  if (pathname === '/api/stats') {
    sendJson(res, 200, store.stats());
    return true;
  }
  const match = TRACE_PATH.exec(pathname);
  const trace = match ? store.get(match[1]) : undefined;
  if (trace === undefined) {
    sendJson(res, 404, {
      error: match ? 'trace not found (never received, or evicted)' : 'no such API',
    });
    return true;
  }
  sendJson(res, 200, { summary: summarize(trace), spans: trace.spans.map(spanJson) });
  return true;
}
