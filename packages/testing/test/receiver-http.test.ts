import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startReceiver, type OtlpReceiver, type ReceivedRequest } from '@otelkit/testing';
import { handmadeSpan } from './helpers/handmade-span';
import { exportSpans } from './helpers/otlp-export';

let receiver: OtlpReceiver;
// Test-only TLS material shared by the packages' tests.
const tlsFile = (name: string) =>
  readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls', name));
afterEach(() => receiver?.close());

function post(path: string, body: string | Buffer, headers: Record<string, string>) {
  return fetch(receiver.url + path, { method: 'POST', body, headers });
}

/** An OTLP/JSON request written by hand: hex ids, int enums, int64 as strings and numbers. */
const JSON_REQUEST = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-svc' } }] },
      scopeSpans: [
        {
          scope: { name: 'json-scope' },
          spans: [
            {
              traceId: '5B8EFFF798038103D269B633813FC60C',
              spanId: 'EEE19B7EC3C1B174',
              parentSpanId: '',
              name: 'json root',
              kind: 2,
              startTimeUnixNano: '1544712660000000000',
              endTimeUnixNano: 1544712661000000000,
              attributes: [
                { key: 'as.string', value: { intValue: '9007199254740993' } },
                { key: 'as.number', value: { intValue: 5 } },
                { key: 'bytes', value: { bytesValue: 'AAEC' } },
              ],
              status: { code: 1 },
              unknownField: 'ignored',
            },
          ],
        },
      ],
    },
  ],
};

describe('OTLP/JSON written by hand', () => {
  test('hex ids, int enums and int64 given as strings or numbers decode', async () => {
    receiver = await startReceiver();
    const res = await post('/v1/traces', JSON.stringify(JSON_REQUEST), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({});
    expect(receiver.spans).toHaveLength(1);
    expect(receiver.spans[0]).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: undefined,
      kindName: 'SERVER',
      startTimeUnixNano: 1544712660000000000n,
      endTimeUnixNano: 1544712661000000000n,
      durationMs: 1000,
      attributes: {
        'as.string': 9007199254740993n,
        'as.number': 5,
        bytes: new Uint8Array([0, 1, 2]),
      },
      status: { code: 1 },
      serviceName: 'json-svc',
      scope: { name: 'json-scope', version: undefined, attributes: {} },
    });
  });

  test('a gzipped JSON body is inflated', async () => {
    receiver = await startReceiver();
    const res = await post('/v1/traces', gzipSync(JSON.stringify(JSON_REQUEST)), {
      'content-type': 'application/json; charset=utf-8',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(receiver.spans.map((s) => s.name)).toEqual(['json root']);
    expect(receiver.requests[0].contentType).toBe('application/json');
  });
});

describe('successful protobuf answer', () => {
  test('is an encoded empty ExportTraceServiceResponse (zero bytes)', async () => {
    receiver = await startReceiver();
    const res = await post('/v1/traces', Buffer.alloc(0), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    expect(receiver.requests[0]).toMatchObject({ spanCount: 0, responseStatus: 200 });
  });
});

describe('refused requests are answered and recorded', () => {
  test.each<[string, string, string | Buffer, Record<string, string>, number, RegExp]>([
    [
      'unknown path',
      '/v1/metrics',
      '{}',
      { 'content-type': 'application/json' },
      404,
      /no OTLP endpoint at \/v1\/metrics/,
    ],
    [
      'bad protobuf',
      '/v1/traces',
      Buffer.from([0x0a, 0xff, 0xff]),
      { 'content-type': 'application/x-protobuf' },
      400,
      /protobuf body does not decode/,
    ],
    [
      'bad JSON',
      '/v1/traces',
      '{"resourceSpans": [',
      { 'content-type': 'application/json' },
      400,
      /body is not JSON/,
    ],
    [
      'JSON array',
      '/v1/traces',
      '[]',
      { 'content-type': 'application/json' },
      400,
      /not an ExportTraceServiceRequest/,
    ],
    [
      'non-hex id',
      '/v1/traces',
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz' }] }] }] }),
      { 'content-type': 'application/json' },
      400,
      /span.traceId is not a hex string/,
    ],
    [
      'bad gzip',
      '/v1/traces',
      Buffer.from('not gzip'),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      400,
      /gzip body does not inflate/,
    ],
    [
      'unknown encoding',
      '/v1/traces',
      '{}',
      { 'content-type': 'application/json', 'content-encoding': 'br' },
      415,
      /unsupported content-encoding "br"/,
    ],
    [
      'unknown content type',
      '/v1/traces',
      'hi',
      { 'content-type': 'text/plain' },
      415,
      /unsupported content-type "text\/plain"/,
    ],
  ])('%s', async (_name, path, body, headers, status, error) => {
    receiver = await startReceiver();
    const res = await post(path, body, headers);
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(error);
    expect(receiver.spans).toEqual([]);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ path, responseStatus: status, spanCount: 0 });
    expect(receiver.requests[0].error).toMatch(error);
  });

  test('GET on the traces path is 405 and not recorded', async () => {
    receiver = await startReceiver();
    const res = await fetch(receiver.tracesUrl);
    expect(res.status).toBe(405);
    expect(receiver.requests).toEqual([]);
  });
});

describe('respond hook', () => {
  test('429 with Retry-After is sent as configured and the spans are not kept', async () => {
    const seen: ReceivedRequest[] = [];
    receiver = await startReceiver({
      respond: (req) => {
        seen.push(req);
        return { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' };
      },
    });
    const res = await post('/v1/traces', JSON.stringify(JSON_REQUEST), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toBe('slow down');
    expect(seen).toHaveLength(1);
    expect(seen[0].spanCount).toBe(1);
    expect(receiver.requests[0].responseStatus).toBe(429);
    expect(receiver.spans).toEqual([]);
  });

  test('the upstream exporter retries after a 503 and the retried copy is kept once', async () => {
    let calls = 0;
    receiver = await startReceiver({
      respond: () => (++calls === 1 ? { status: 503, headers: { 'retry-after': '0' } } : undefined),
    });
    const result = await exportSpans(receiver.tracesUrl, { format: 'protobuf', gzip: false }, [
      handmadeSpan(),
    ]);
    expect(result.code).toBe(0);
    expect(receiver.requests.map((r) => r.responseStatus)).toEqual([503, 200]);
    expect(receiver.spans).toHaveLength(1);
  });

  test('a destroyed socket looks like a connection reset to the client', async () => {
    receiver = await startReceiver({ respond: (_req, { socket }) => void socket.destroy() });
    await expect(
      post('/v1/traces', '{}', { 'content-type': 'application/json' }),
    ).rejects.toThrow();
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].responseStatus).toBeUndefined();
  });

  test('an async hook delays the answer', async () => {
    receiver = await startReceiver({
      respond: () => new Promise((resolve) => setTimeout(() => resolve({ status: 202 }), 50)),
    });
    const res = await post('/v1/traces', JSON.stringify(JSON_REQUEST), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('{}');
    expect(receiver.spans).toHaveLength(1);
  });

  test('a throwing hook yields 500 and an error on the request', async () => {
    receiver = await startReceiver({
      respond: () => {
        throw new Error('hook bug');
      },
    });
    const res = await post('/v1/traces', '{}', { 'content-type': 'application/json' });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/respond hook threw: hook bug/);
    expect(receiver.requests[0]).toMatchObject({
      responseStatus: 500,
      error: 'respond hook threw: hook bug',
    });
    expect(receiver.spans).toEqual([]);
  });
});

describe('startReceiver options', () => {
  test.each([[-1], [70000], [1.5]])('port %p throws', async (port) => {
    await expect(startReceiver({ port })).rejects.toThrow(
      /option startReceiver\.port is .*; expected a whole number from 0 to 65535/,
    );
  });

  test('url, tracesUrl and port agree', async () => {
    receiver = await startReceiver();
    expect(receiver.port).toBeGreaterThan(0);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    expect(receiver.tracesUrl).toBe(`${receiver.url}/v1/traces`);
  });

  test('tls serves https with the given certificate', async () => {
    receiver = await startReceiver({
      tls: { cert: tlsFile('server.pem'), key: tlsFile('server.key') },
    });
    expect(receiver.url).toBe(`https://127.0.0.1:${receiver.port}`);
    const response = await new Promise<number | undefined>((resolve, reject) => {
      const request = https.request(
        receiver.tracesUrl,
        { method: 'GET', ca: tlsFile('ca.pem') },
        (res) => resolve(res.resume().statusCode),
      );
      request.on('error', reject).end();
    });
    expect(response).toBe(405); // a verified TLS connection reached the receiver's handler
  });

  test.each<[string, unknown]>([
    ['no key', { cert: 'x' }],
    ['a number as cert', { cert: 1, key: 'x' }],
    ['a number as clientCa', { cert: 'x', key: 'x', clientCa: 2 }],
  ])('tls with %s throws', async (_name, tls) => {
    await expect(startReceiver({ tls: tls as never })).rejects.toThrow(
      /option startReceiver\.tls is \[.*\]; expected cert and key \(and any clientCa\) as PEM/,
    );
  });
});
