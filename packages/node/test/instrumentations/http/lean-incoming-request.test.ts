import {
  context,
  propagation,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
} from '@opentelemetry/api';
import {
  getRPCMetadata,
  isTracingSuppressed,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FastBindContextManager } from '../../../src/sdk/fast-bind-context-manager';
import { installLeanIncomingAttributes } from '../../../src/instrumentations/http/install-lean-attributes';
import {
  installLeanIncomingRequest,
  upstreamIncomingRequestFunction,
} from '../../../src/instrumentations/http/install-lean-incoming-request';

const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as {
  HttpInstrumentation: new (config: HttpInstrumentationConfig) => Instrumentation;
};

type IncomingRequestFunction = NonNullable<ReturnType<typeof upstreamIncomingRequestFunction>>;
type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
interface Instrumentation {
  setTracerProvider(provider: BasicTracerProvider): void;
  _getPatchIncomingRequestFunction(component: string): (original: Emit) => Emit;
}

const PARENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT_SPAN = 'b7ad6b7169203331';
const traceparent = `00-${PARENT_TRACE}-${PARENT_SPAN}-01`;

interface Send {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client destroys the request once the server has it, before any response. */
  abort?: boolean;
}

interface Row {
  config?: HttpInstrumentationConfig;
  sends?: Send[];
  /** The app: what runs for each request, in the span's context. */
  handler?: (req: IncomingMessage, res: ServerResponse, probe: Probe) => void;
  /** Server spans (and child spans) each run must produce: guards against two equal empty runs. */
  spans: number;
}

interface Probe {
  /** Records whether the active span at this point is the request's server span, and if tracing is suppressed. */
  (where: string): void;
}

const reply =
  (status = 200, body = 'ok') =>
  (req: IncomingMessage, res: ServerResponse, probe: Probe) => {
    probe('handler');
    req.on('data', () => undefined);
    req.on('end', () => {
      probe('request end listener');
      res.statusCode = status;
      res.setHeader('x-response-id', 'r-1');
      res.end(body);
    });
  };

const route = (template: string) => (req: IncomingMessage, res: ServerResponse, probe: Probe) => {
  probe('handler');
  req.resume();
  req.on('end', () => {
    // What express and fastify's instrumentations do once a route matched: name the server span through the
    // RPC metadata in the active context.
    const rpc = getRPCMetadata(context.active());
    if (rpc) rpc.route = template;
    res.end('routed');
  });
};

const table: Array<[string, Row]> = [
  ['plain GET', { spans: 1 }],
  [
    'path with query and a redacted parameter',
    { sends: [{ path: '/items/42?user=alice&sig=secret' }], spans: 1 },
  ],
  [
    'POST with body, user-agent and x-forwarded-for',
    {
      sends: [
        {
          method: 'POST',
          path: '/orders',
          body: '{"a":1}',
          headers: { 'user-agent': 'curl/8.0', 'x-forwarded-for': '203.0.113.7, 10.0.0.1' },
        },
      ],
      handler: reply(201),
      spans: 1,
    },
  ],
  ['host header with a port', { sends: [{ headers: { host: 'api.example:8443' } }], spans: 1 }],
  ['host header without a port', { sends: [{ headers: { host: 'api.example' } }], spans: 1 }],
  ['unknown method', { sends: [{ method: 'PURGE', path: '/cache' }], spans: 1 }],
  ['HEAD', { sends: [{ method: 'HEAD' }], spans: 1 }],
  [
    'valid traceparent: a child of the remote parent',
    { sends: [{ headers: { traceparent } }], spans: 1 },
  ],
  [
    'invalid traceparent: a root span',
    { sends: [{ headers: { traceparent: '00-zz-yy-01' } }], spans: 1 },
  ],
  ['404', { handler: reply(404), spans: 1 }],
  ['500', { handler: reply(500), spans: 1 }],
  [
    'handler throwing',
    {
      handler: (_req, _res, probe) => {
        probe('handler');
        throw new TypeError('handler broke');
      },
      spans: 1,
    },
  ],
  [
    'handler throwing a falsy value',
    {
      handler: (_req, res) => {
        setTimeout(() => res.end('late'), 5);
        // Upstream swallows a falsy throw (its safeExecuteInTheMiddle rethrows only a truthy error): so must ours.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 0;
      },
      spans: 1,
    },
  ],
  [
    'request aborted by the client',
    { sends: [{ abort: true }], handler: (_req, _res, probe) => probe('handler'), spans: 1 },
  ],
  [
    'response error after the headers',
    {
      handler: (_req, res) => {
        res.on('error', () => undefined);
        res.write('partial');
        res.emit('error', new Error('write failed'));
        res.destroy();
      },
      spans: 1,
    },
  ],
  [
    'express-style route via RPC metadata',
    { sends: [{ path: '/users/7?x=1' }], handler: route('/users/:id'), spans: 1 },
  ],
  [
    'HTTP/1.1 keep-alive: three requests on one socket',
    {
      sends: [{ path: '/a' }, { path: '/b', method: 'POST', body: 'x' }, { path: '/c' }],
      spans: 3,
    },
  ],
  [
    'a child span started in the handler',
    {
      handler: (req, res, probe) => {
        probe('handler');
        trace.getTracer('app').startActiveSpan('work', (span) => {
          span.end();
          reply()(req, res, probe);
        });
      },
      spans: 2,
    },
  ],
  [
    'ignoreIncomingRequestHook: ignored request',
    {
      config: { ignoreIncomingRequestHook: (req) => req.url === '/health' },
      sends: [{ path: '/health' }, { path: '/traced' }],
      spans: 1,
    },
  ],
  [
    'ignoreIncomingRequestHook throwing: traced',
    {
      config: {
        ignoreIncomingRequestHook: () => {
          throw new Error('hook broke');
        },
      },
      spans: 1,
    },
  ],
  [
    'requestHook, responseHook and startIncomingSpanHook',
    {
      config: {
        requestHook: (span, req) =>
          span.setAttribute('app.request', `${(req as IncomingMessage).url}`),
        responseHook: (span) => span.setAttribute('app.response', true),
        startIncomingSpanHook: (req) => ({ 'app.start': req.method ?? '' }),
      },
      spans: 1,
    },
  ],
  [
    'throwing hooks',
    {
      config: {
        requestHook: () => {
          throw new Error('request hook');
        },
        responseHook: () => {
          throw new Error('response hook');
        },
        startIncomingSpanHook: () => {
          throw new Error('start hook');
        },
      },
      spans: 1,
    },
  ],
  [
    'applyCustomAttributesOnSpan',
    {
      config: {
        applyCustomAttributesOnSpan: (span, _req, res) =>
          span.setAttribute('app.status', (res as ServerResponse).statusCode),
      },
      handler: route('/r/:x'),
      spans: 1,
    },
  ],
  [
    'headersToSpanAttributes',
    {
      config: {
        headersToSpanAttributes: {
          server: { requestHeaders: ['X-Tenant', 'missing'], responseHeaders: ['x-response-id'] },
        },
      },
      sends: [{ headers: { 'x-tenant': 'acme' } }],
      spans: 1,
    },
  ],
  [
    'headersToSpanAttributes, request headers only',
    {
      config: { headersToSpanAttributes: { server: { requestHeaders: ['x-tenant'] } } },
      sends: [{ headers: { 'x-tenant': 'acme' } }],
      spans: 1,
    },
  ],
  [
    'synthetic source detection and redactedQueryParamsServer',
    {
      config: { enableSyntheticSourceDetection: true, redactedQueryParamsServer: ['token'] },
      sends: [{ path: '/q?token=t&sig=s', headers: { 'user-agent': 'Googlebot/2.1' } }],
      spans: 1,
    },
  ],
  [
    'requireParentforIncomingSpans (upstream path)',
    {
      config: { requireParentforIncomingSpans: true },
      sends: [{ path: '/orphan' }, { path: '/child', headers: { traceparent } }],
      spans: 0,
    },
  ],
];

let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;

beforeAll(() => {
  context.setGlobalContextManager(new FastBindContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  installLeanIncomingAttributes();
  expect(installLeanIncomingRequest(HttpInstrumentation)).toBe(true);
});

afterAll(() => {
  context.disable();
  propagation.disable();
  trace.disable();
});

test.each(table)('%s: otelkit’s server path makes upstream’s spans', async (_name, row) => {
  const upstream = await run(row, 'upstream');
  const lean = await run(row, 'lean');
  expect(upstream.spans).toHaveLength(row.spans);
  expect(lean).toEqual(upstream);
});

test('installs once, only on the checked version, and leaves upstream’s function reachable', () => {
  expect(installLeanIncomingRequest(HttpInstrumentation)).toBe(true);
  expect(typeof upstreamIncomingRequestFunction(HttpInstrumentation)).toBe('function');
  expect(installLeanIncomingRequest(class NotHttp {})).toBe(false);
  expect(installLeanIncomingRequest(undefined)).toBe(false);
});

async function run(row: Row, path: 'upstream' | 'lean') {
  exporter.reset();
  const instrumentation = new HttpInstrumentation({ ...row.config, enabled: false });
  instrumentation.setTracerProvider(provider);
  const original = http.Server.prototype.emit as Emit;
  const traced =
    path === 'lean'
      ? instrumentation._getPatchIncomingRequestFunction('http')(original)
      : upstreamIncomingRequestFunction(HttpInstrumentation)!.call(
          instrumentation as unknown as ThisParameterType<IncomingRequestFunction>,
          'http',
          original,
        );
  const probes: Array<Record<string, unknown>> = [];
  const closed: Array<Promise<void>> = [];
  const thrown: unknown[] = [];
  const handler = row.handler ?? reply();
  // Resolved once the server has run a request's handler: an aborting client waits for it, so that a loaded machine
  // cannot make the abort land before the request does.
  let seenByServer = () => {};
  const server = http.createServer((req, res) => {
    const serverSpan = trace.getActiveSpan();
    const probe: Probe = (where) =>
      probes.push({
        where,
        url: req.url,
        activeIsServerSpan: trace.getActiveSpan() === serverSpan && serverSpan !== undefined,
        recording: trace.getActiveSpan()?.isRecording() ?? false,
        suppressed: isTracingSuppressed(context.active()),
      });
    handler(req, res, probe);
  });
  // The app's outermost layer, as Node's parser would see it: an error the traced emit rethrows is caught here and
  // answered with a 500 (in a real server it would be an uncaught exception).
  server.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const res = args[1] as ServerResponse;
      closed.push(new Promise((resolve) => res.on('close', () => setImmediate(resolve))));
    }
    try {
      return traced.call(this, event, ...args);
    } catch (error) {
      thrown.push(error instanceof Error ? error.message : error);
      const res = args[1] as ServerResponse;
      res.statusCode = 500;
      res.end();
      return true;
    } finally {
      if (event === 'request') seenByServer();
    }
  } as typeof server.emit;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const statuses: Array<number | string> = [];
  const sockets = new Set<unknown>();
  try {
    for (const send of row.sends ?? [{}]) {
      const seen = new Promise<void>((resolve) => (seenByServer = resolve));
      statuses.push(await request(port, agent, send, sockets, seen));
    }
    await Promise.all(closed);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  const spans = exporter.getFinishedSpans();
  return {
    spans: spans.map((span) => shape(span, spans, port)),
    probes,
    statuses,
    thrown,
    socketsUsed: sockets.size,
  };
}

function request(
  port: number,
  agent: http.Agent,
  send: Send,
  sockets: Set<unknown>,
  seen: Promise<void>,
): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: send.method ?? 'GET',
        path: send.path ?? '/',
        headers: send.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('socket', (socket) => sockets.add(socket));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(send.abort ? 'aborted' : `client error ${error.code}`),
    );
    if (send.abort) {
      req.flushHeaders();
      void seen.then(() => req.destroy());
    } else req.end(send.body);
  });
}

/** A span without ids and times: what both paths must agree on. */
function shape(span: ReadableSpan, all: ReadableSpan[], port: number) {
  const parent = span.parentSpanContext;
  const parentSpan = all.find((other) => other.spanContext().spanId === parent?.spanId);
  return {
    name: span.name,
    kind: span.kind,
    scope: span.instrumentationScope.name,
    attributes: stable(span.attributes, port),
    status: span.status.code === SpanStatusCode.UNSET ? { code: 0 } : span.status,
    events: span.events.map((event) => ({
      name: event.name,
      type: event.attributes?.['exception.type'],
      message: event.attributes?.['exception.message'],
    })),
    parent:
      parent === undefined
        ? 'none'
        : parentSpan !== undefined
          ? `local: ${parentSpan.name}`
          : `remote: ${parent.traceId === PARENT_TRACE && parent.spanId === PARENT_SPAN}`,
    sameTraceAsParent: parent === undefined || parent.traceId === span.spanContext().traceId,
    ended: span.ended,
    endsAfterStart: span.duration[0] > 0 || span.duration[1] > 0,
  };
}

function stable(attributes: Attributes, port: number): Record<string, AttributeValue | undefined> {
  const out: Record<string, AttributeValue | undefined> = {};
  for (const key of Object.keys(attributes).sort()) {
    const value = attributes[key];
    if (key === 'network.peer.port') out[key] = typeof value;
    else if (value === port || value === String(port)) out[key] = 'the server port';
    else out[key] = value;
  }
  return out;
}
