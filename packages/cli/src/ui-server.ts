import * as http from 'node:http';
import { handleApi } from './api-routes';
import { hostHeaderAllowed } from './host-check';
import type { LiveUpdates } from './live-updates';
import type { StaticFile } from './static-files';
import type { TraceStore } from './trace-store';

// The UI loads only its own files; nothing from another origin, no inline script.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface UiServerParts {
  store: TraceStore;
  live: LiveUpdates;
  files: Map<string, StaticFile>;
  /** Shown in the empty list, so a first-time user knows where to send spans. */
  otlpUrl: string;
  /** Answer only requests whose Host header names loopback (true when listening on loopback). */
  loopbackOnly: boolean;
}

/** The web UI: static files from the package and the JSON API. */
export function createUiServer({
  store,
  live,
  files,
  otlpUrl,
  loopbackOnly,
}: UiServerParts): http.Server {
  return http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (loopbackOnly && !hostHeaderAllowed(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('otelkit view answers only requests addressed to localhost');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://viewer');
    if (handleApi(res, url, store, live, otlpUrl)) return;
    // Any other path is a page of the single-page UI (deep links like /#/trace/<id> stay on '/').
    const file =
      files.get(url.pathname) ?? (url.pathname.includes('.') ? undefined : files.get('/'));
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
}
