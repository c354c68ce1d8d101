import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  startGrpcReceiver,
  startReceiver,
  type GrpcReceiverOptions,
  type OtlpReceiver,
  type ReceivedRequest,
} from '@otelkit/testing';
import { exportOverGrpc, exportWith, makeGrpcExporter } from './helpers/grpc-export';
import { handmadeSpan } from './helpers/handmade-span';
import { exportSpans } from './helpers/otlp-export';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const SUCCESS = 0; // ExportResultCode.SUCCESS
const FAILED = 1; // ExportResultCode.FAILED

// Test-only TLS material shared by the packages' tests.
const tlsFile = (name: string) =>
  readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls', name));

const opened: OtlpReceiver[] = [];
async function start(options?: GrpcReceiverOptions): Promise<OtlpReceiver> {
  const receiver = await startGrpcReceiver(options);
  opened.push(receiver);
  return receiver;
}
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(opened.splice(0).map((r) => r.close()));
});

const identity = (bytes: Buffer) => bytes;

/** A bare grpc-js call, to send bytes no exporter would and to read the status details. */
function rawCall(
  receiver: OtlpReceiver,
  method: string,
  body: Buffer,
): Promise<{ err: grpc.ServiceError | null; response?: Buffer }> {
  const client = new grpc.Client(
    receiver.url.replace(/^https?:\/\//, ''),
    grpc.credentials.createInsecure(),
  );
  return new Promise((resolve) =>
    client.makeUnaryRequest(method, identity, identity, body, (err, response) => {
      client.close();
      resolve({ err, response });
    }),
  );
}

describe('spans over OTLP/gRPC', () => {
  test('spans from an SDK tracer arrive decoded, with attributes, parent and resource', async () => {
    const receiver = await start();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-shop' }),
      spanProcessors: [new SimpleSpanProcessor(makeGrpcExporter({ url: receiver.url }) as never)],
    });
    const tracer = provider.getTracer('grpc-test-scope', '1.0.0');
    const parent = tracer.startSpan('GET /orders', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
    });
    const child = tracer.startSpan(
      'SELECT orders',
      { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.rows': 3 } },
      trace.setSpan(context.active(), parent),
    );
    child.end();
    parent.end();

    const spans = await receiver.waitForSpans(2, { timeoutMs: 5000 });
    await provider.shutdown();
    const [select, get] = spans;
    expect(get).toMatchObject({
      name: 'GET /orders',
      kindName: 'SERVER',
      parentSpanId: undefined,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
      serviceName: 'grpc-shop',
      scope: { name: 'grpc-test-scope', version: '1.0.0' },
      traceId: parent.spanContext().traceId,
      spanId: parent.spanContext().spanId,
    });
    expect(select).toMatchObject({
      name: 'SELECT orders',
      kindName: 'CLIENT',
      attributes: { 'db.system': 'postgresql', 'db.rows': 3 },
      serviceName: 'grpc-shop',
      traceId: parent.spanContext().traceId,
      parentSpanId: parent.spanContext().spanId,
    });
    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) {
      expect(request).toMatchObject({
        method: 'POST',
        path: EXPORT_PATH,
        contentType: 'application/grpc',
        format: 'protobuf',
        spanCount: 1,
        grpcStatus: 0,
      });
      expect(request.responseStatus).toBeUndefined();
      expect(request.error).toBeUndefined();
      expect(request.rawBody.length).toBeGreaterThan(0);
      expect(request.body).toBe(request.rawBody);
      expect(request.headers['user-agent']).toMatch(
        /^OTel-OTLP-Exporter-JavaScript\/\S+ grpc-node-js\//,
      );
    }
  });

  test('a gzip-compressed export decodes exactly like the same span over OTLP/HTTP', async () => {
    const receiver = await start();
    const result = await exportOverGrpc({ url: receiver.url, compression: 'gzip' }, [
      handmadeSpan(),
    ]);
    expect(result).toEqual({ code: SUCCESS });

    const http = await startReceiver();
    try {
      await exportSpans(http.tracesUrl, { format: 'protobuf', gzip: false }, [handmadeSpan()]);
      expect(http.spans).toHaveLength(1);
      expect(receiver.spans).toEqual(http.spans);
    } finally {
      await http.close();
    }
  });

  test('call metadata is recorded as headers, binary values as base64', async () => {
    const receiver = await start();
    const metadata = new grpc.Metadata();
    metadata.set('x-api-key', 'secret');
    metadata.set('x-tenant-bin', Buffer.from([1, 2, 3]));
    const result = await exportOverGrpc({ url: receiver.url, metadata }, [handmadeSpan()]);
    expect(result.code).toBe(SUCCESS);
    expect(receiver.requests[0].headers).toMatchObject({
      'x-api-key': 'secret',
      'x-tenant-bin': Buffer.from([1, 2, 3]).toString('base64'),
    });
  });

  test('OTEL_EXPORTER_OTLP_ENDPOINT set to receiver.url reaches the receiver', async () => {
    const receiver = await start();
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    let exporter;
    try {
      exporter = makeGrpcExporter(); // reads the endpoint from the environment
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    }
    try {
      expect((await exportWith(exporter, [handmadeSpan()])).code).toBe(SUCCESS);
    } finally {
      await exporter.shutdown();
    }
    expect(receiver.spans.map((s) => s.name)).toEqual(['handmade operation']);
  });

  test('the answer is an encoded empty ExportTraceServiceResponse (zero bytes)', async () => {
    const receiver = await start();
    const { err, response } = await rawCall(receiver, EXPORT_PATH, Buffer.alloc(0));
    expect(err).toBeNull();
    expect(response).toEqual(Buffer.alloc(0));
    expect(receiver.requests[0]).toMatchObject({ spanCount: 0, grpcStatus: 0 });
  });

  test('a message that does not decode answers INVALID_ARGUMENT and skips the hook', async () => {
    const respond = jest.fn();
    const receiver = await start({ respond });
    const { err } = await rawCall(receiver, EXPORT_PATH, Buffer.from([0x0a, 0xff, 0xff]));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(/protobuf body does not decode/);
    expect(respond).not.toHaveBeenCalled();
    expect(receiver.requests[0].grpcStatus).toBe(grpc.status.INVALID_ARGUMENT);
    expect(receiver.requests[0].error).toMatch(/protobuf body does not decode/);
    expect(receiver.spans).toEqual([]);
  });

  test('other methods are UNIMPLEMENTED and not recorded', async () => {
    const receiver = await start();
    const { err } = await rawCall(
      receiver,
      '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      Buffer.alloc(0),
    );
    expect(err?.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(receiver.requests).toEqual([]);
  });
});

describe('respond hook', () => {
  test('{ code: 14 } fails the export and keeps no spans', async () => {
    const seen: ReceivedRequest[] = [];
    const receiver = await start({
      respond: (req) => {
        seen.push(req);
        return { code: grpc.status.UNAVAILABLE };
      },
    });
    const result = await exportOverGrpc({ url: receiver.url }, [handmadeSpan()]);
    expect(result.code).toBe(FAILED);
    expect(result.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(seen).toHaveLength(1);
    expect(seen[0].spanCount).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].grpcStatus).toBe(grpc.status.UNAVAILABLE);
    expect(receiver.requests[0].responseStatus).toBeUndefined();
    expect(receiver.spans).toEqual([]);
    await expect(receiver.waitForSpans(1, { timeoutMs: 50 })).rejects.toThrow(
      /POST \/opentelemetry\.proto\.collector\.trace\.v1\.TraceService\/Export protobuf identity → gRPC 14, 1 span\(s\)/,
    );
  });

  test('the message becomes the status details', async () => {
    const receiver = await start({
      respond: () => ({ code: grpc.status.RESOURCE_EXHAUSTED, message: 'slow down' }),
    });
    const { err } = await rawCall(receiver, EXPORT_PATH, Buffer.alloc(0));
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err?.details).toBe('slow down');
  });

  test('a refused export and an accepted one: only the accepted spans are kept', async () => {
    let calls = 0;
    const receiver = await start({
      respond: () => (++calls === 1 ? { code: grpc.status.UNAVAILABLE } : undefined),
    });
    const exporter = makeGrpcExporter({ url: receiver.url });
    try {
      expect((await exportWith(exporter, [handmadeSpan()])).code).toBe(FAILED);
      expect((await exportWith(exporter, [handmadeSpan()])).code).toBe(SUCCESS);
    } finally {
      await exporter.shutdown();
    }
    expect(receiver.requests.map((r) => r.grpcStatus)).toEqual([14, 0]);
    expect(receiver.spans).toHaveLength(1);
  });

  test('an async hook delays the answer; { code: 0 } keeps the spans', async () => {
    const receiver = await start({
      respond: () => new Promise((resolve) => setTimeout(() => resolve({ code: 0 }), 100)),
    });
    const started = Date.now();
    const result = await exportOverGrpc({ url: receiver.url }, [handmadeSpan()]);
    expect(result.code).toBe(SUCCESS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(receiver.spans).toHaveLength(1);
  });

  test('a throwing hook answers INTERNAL with the error recorded', async () => {
    const receiver = await start({
      respond: () => {
        throw new Error('hook bug');
      },
    });
    const { err } = await rawCall(receiver, EXPORT_PATH, Buffer.alloc(0));
    expect(err?.code).toBe(grpc.status.INTERNAL);
    expect(err?.details).toBe('respond hook threw: hook bug');
    expect(receiver.requests[0]).toMatchObject({
      grpcStatus: grpc.status.INTERNAL,
      error: 'respond hook threw: hook bug',
    });
  });

  test.each<[string, unknown]>([
    ['an out-of-range code', { code: 99 }],
    ['a fractional code', { code: 1.5 }],
    ['a status object without code', { status: 503 }],
  ])('a hook returning %s answers INTERNAL', async (_name, answer) => {
    const receiver = await start({ respond: () => answer as never });
    const { err } = await rawCall(receiver, EXPORT_PATH, Buffer.alloc(0));
    expect(err?.code).toBe(grpc.status.INTERNAL);
    expect(receiver.requests[0].error).toMatch(/respond hook returned .*expected undefined or/);
  });
});

describe('TLS', () => {
  const serverTls = () => ({ cert: tlsFile('server.pem'), key: tlsFile('server.key') });

  test('an exporter trusting the CA reaches a TLS receiver', async () => {
    const receiver = await start({ tls: serverTls() });
    expect(receiver.url).toBe(`https://127.0.0.1:${receiver.port}`);
    const credentials = grpc.credentials.createSsl(tlsFile('ca.pem'));
    const result = await exportOverGrpc({ url: receiver.url, credentials }, [handmadeSpan()]);
    expect(result.code).toBe(SUCCESS);
    expect(receiver.spans).toHaveLength(1);
  });

  test('a plaintext client gets no answer from a TLS receiver', async () => {
    const receiver = await start({ tls: serverTls() });
    const result = await exportOverGrpc(
      { url: receiver.url, credentials: grpc.credentials.createInsecure(), timeoutMillis: 3000 },
      [handmadeSpan()],
    );
    expect(result.code).toBe(FAILED);
    expect(receiver.requests).toEqual([]);
  });

  test('with clientCa, a client without a certificate fails and one with it succeeds', async () => {
    const receiver = await start({ tls: { ...serverTls(), clientCa: tlsFile('ca.pem') } });
    const anonymous = await exportOverGrpc(
      {
        url: receiver.url,
        credentials: grpc.credentials.createSsl(tlsFile('ca.pem')),
        timeoutMillis: 3000,
      },
      [handmadeSpan()],
    );
    expect(anonymous.code).toBe(FAILED);
    expect(receiver.requests).toEqual([]);

    const withCert = await exportOverGrpc(
      {
        url: receiver.url,
        credentials: grpc.credentials.createSsl(
          tlsFile('ca.pem'),
          tlsFile('client.key'),
          tlsFile('client.pem'),
        ),
      },
      [handmadeSpan()],
    );
    expect(withCert.code).toBe(SUCCESS);
    expect(receiver.spans).toHaveLength(1);
  });
});

describe('startGrpcReceiver options', () => {
  test.each([[-1], [70000], [1.5], ['4317']])('port %p throws', async (port) => {
    await expect(startGrpcReceiver({ port: port as number })).rejects.toThrow(
      /^@otelkit\/testing: option startGrpcReceiver\.port is .*; expected a whole number from 0 to 65535$/,
    );
  });

  test.each([[''], [42]])('host %p throws', async (host) => {
    await expect(startGrpcReceiver({ host: host as string })).rejects.toThrow(
      /^@otelkit\/testing: option startGrpcReceiver\.host is .*; expected a non-empty string$/,
    );
  });

  test('a respond that is not a function throws', async () => {
    await expect(startGrpcReceiver({ respond: { code: 0 } as never })).rejects.toThrow(
      /^@otelkit\/testing: option startGrpcReceiver\.respond is .*; expected a function$/,
    );
  });

  test.each<[string, unknown]>([
    ['no key', { cert: 'x' }],
    ['a number as cert', { cert: 1, key: 'x' }],
    ['a number as clientCa', { cert: 'x', key: 'x', clientCa: 2 }],
    ['null', null],
  ])('tls with %s throws', async (_name, tls) => {
    await expect(startGrpcReceiver({ tls: tls as never })).rejects.toThrow(
      /^@otelkit\/testing: option startGrpcReceiver\.tls is .*; expected cert and key \(and any clientCa\) as PEM/,
    );
  });

  test('a certificate that is not PEM fails to start with a clear error', async () => {
    await expect(
      startGrpcReceiver({ tls: { cert: 'not a cert', key: 'not a key' } }),
    ).rejects.toThrow(/^@otelkit\/testing: startGrpcReceiver cannot listen on 127\.0\.0\.1:0: /);
  });

  test('a port in use fails to start with a clear error', async () => {
    const first = await start();
    // grpc-js also logs the bind failure itself; keep the test output clean.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(startGrpcReceiver({ port: first.port })).rejects.toThrow(
      new RegExp(
        `^@otelkit/testing: startGrpcReceiver cannot listen on 127\\.0\\.0\\.1:${first.port}: `,
      ),
    );
  });

  test('url, tracesUrl and port agree', async () => {
    const receiver = await start();
    expect(receiver.port).toBeGreaterThan(0);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    expect(receiver.tracesUrl).toBe(receiver.url);
  });
});

describe('waiting, clearing and closing', () => {
  test('waitForTrace and clear work as on the HTTP receiver', async () => {
    const receiver = await start();
    const waiting = receiver.waitForTrace((spans) =>
      spans.some((s) => s.name === 'handmade operation'),
    );
    expect((await exportOverGrpc({ url: receiver.url }, [handmadeSpan()])).code).toBe(SUCCESS);
    expect((await waiting).map((s) => s.name)).toEqual(['handmade operation']);
    const { spans, requests } = receiver;
    receiver.clear();
    expect(receiver.spans).toBe(spans);
    expect(spans).toEqual([]);
    expect(requests).toEqual([]);
  });

  test('close resolves promptly with a client connected and rejects pending waits', async () => {
    const receiver = await start();
    const exporter = makeGrpcExporter({ url: receiver.url, timeoutMillis: 3000 });
    try {
      expect((await exportWith(exporter, [handmadeSpan()])).code).toBe(SUCCESS);
      const waiting = receiver.waitForSpans(5);
      const started = Date.now();
      await receiver.close();
      expect(Date.now() - started).toBeLessThan(500);
      await expect(waiting).rejects.toThrow(/receiver closed while waiting for spans/);
      expect((await exportWith(exporter, [handmadeSpan()])).code).toBe(FAILED);
    } finally {
      await exporter.shutdown();
    }
  });

  test('close does not wait for a call in flight, whose spans are then not kept', async () => {
    let release: () => void = () => undefined;
    let hookCalled: () => void = () => undefined;
    const called = new Promise<void>((resolve) => (hookCalled = resolve));
    const receiver = await start({
      respond: () => {
        hookCalled();
        return new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
      },
    });
    const exporting = exportOverGrpc({ url: receiver.url, timeoutMillis: 3000 }, [handmadeSpan()]);
    await called;
    const started = Date.now();
    await receiver.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect((await exporting).code).toBe(FAILED);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].grpcStatus).toBeUndefined();
    expect(receiver.spans).toEqual([]);
  });
});
