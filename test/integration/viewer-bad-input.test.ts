// Bad input to `otelkit view`'s receiver gets a clear 4xx, and the viewer keeps running.
import { gzipSync } from 'node:zlib';
import { getJson, startViewerProcess } from './support/viewer-process';
import type { ViewerProcess } from './support/viewer-process';

const MAX_BODY_MB = 16;

interface BadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

describe('otelkit view refuses bad OTLP requests with a 4xx and keeps running', () => {
  let viewer: ViewerProcess;

  beforeAll(async () => {
    viewer = await startViewerProcess();
  }, 30_000);

  afterAll(() => viewer?.stop(), 10_000);

  test.each<[string, BadRequest, number, RegExp]>([
    [
      'garbage protobuf',
      { headers: PROTOBUF, body: Buffer.from('\xff\xff\xff\xff garbage') },
      400,
      /does not decode/,
    ],
    ['garbage JSON', { headers: JSON_TYPE, body: '{"resourceSpans": [' }, 400, /not JSON/],
    [
      'JSON of the wrong shape',
      { headers: JSON_TYPE, body: '[1, 2]' },
      400,
      /not an ExportTraceServiceRequest/,
    ],
    [
      'a wrong content type',
      { headers: { 'content-type': 'text/plain' }, body: 'hello' },
      415,
      /content-type/,
    ],
    [
      'a body that is not gzip',
      { headers: { ...PROTOBUF, 'content-encoding': 'gzip' }, body: 'plain' },
      400,
      /inflate/,
    ],
    [
      'an unknown encoding',
      { headers: { ...PROTOBUF, 'content-encoding': 'br' }, body: 'x' },
      415,
      /content-encoding/,
    ],
    ['a wrong path', { path: '/v1/metrics', headers: PROTOBUF, body: '' }, 404, /\/v1\/traces/],
    ['a GET', { method: 'GET' }, 405, /^$/],
    [
      `a body over ${MAX_BODY_MB} MB`,
      { headers: PROTOBUF, body: Buffer.alloc(MAX_BODY_MB * 1024 * 1024 + 1) },
      413,
      /larger than/,
    ],
    [
      `gzip inflating to over ${MAX_BODY_MB} MB`,
      {
        headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(64 * 1024 * 1024)),
      },
      413,
      /inflates to more than/,
    ],
  ])('%s', async (_what, req, status, message) => {
    const res = await fetch(`${viewer.otlpUrl}${req.path ?? '/v1/traces'}`, {
      method: req.method ?? 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(10_000),
    });
    expect([res.status, await res.text()]).toEqual([status, expect.stringMatching(message)]);
    expect((await getJson(`${viewer.uiUrl}/api/stats`)).spans).toBe(0);
  });

  test('the UI answers only requests addressed to loopback (no DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const url = new URL(viewer.uiUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/stats',
          headers: { host: 'attacker.example:80' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
