import {
  context,
  diag,
  DiagLogLevel,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { HOLD_MILLIS } from '../src/held-roots';
import { NextSpanProcessor } from '../src/next-span-processor';
import { DEFAULT_STRIP_PARAMS } from '../src/query-noise';

function setupWithProcessor() {
  const exporter = new InMemorySpanExporter();
  const processor = new NextSpanProcessor(DEFAULT_STRIP_PARAMS);
  const provider = new BasicTracerProvider({
    spanProcessors: [processor, new SimpleSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('test'), exporter, processor };
}
function setup() {
  const { tracer, exporter } = setupWithProcessor();
  return { tracer, exporter };
}

describe('NextSpanProcessor', () => {
  // The shape Next.js produces: HTTP SERVER span → BaseServer.handleRequest → render span carrying next.route.
  test('names the HTTP SERVER span by the route of the render span, even when it ends before handleRequest', () => {
    const { tracer, exporter } = setup();
    const http = tracer.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.query': '_rsc=abc12',
        'url.path': '/orders/42',
      },
    });
    const inHttp = trace.setSpan(context.active(), http);
    const handle = tracer.startSpan(
      'GET',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'next.span_type': 'BaseServer.handleRequest',
          'http.target': '/orders/42?_rsc=abc12',
        },
      },
      inHttp,
    );
    const render = tracer.startSpan(
      'render route (app) /orders/[id]',
      { attributes: { 'next.span_type': 'AppRender.getBodyResult', 'next.route': '/orders/[id]' } },
      trace.setSpan(inHttp, handle),
    );
    render.end();
    http.end(); // before Next.js's span, as happens for route handlers
    handle.end();
    const [httpOut] = exporter
      .getFinishedSpans()
      .filter((s) => s.spanContext().spanId === http.spanContext().spanId);
    expect(httpOut.name).toBe('GET /orders/[id]');
    expect(httpOut.attributes['http.route']).toBe('/orders/[id]');
    expect(httpOut.attributes).not.toHaveProperty('url.query');
    const handleOut = exporter
      .getFinishedSpans()
      .find((s) => s.attributes['next.span_type'] === 'BaseServer.handleRequest')!;
    expect(handleOut.attributes['http.target']).toBe('/orders/42');
    expect(handleOut.name).toBe('GET'); // Next.js names its own span; we leave it
  });

  test('strips framework params from names and URL attributes, keeps the others', () => {
    const { tracer, exporter } = setup();
    tracer
      .startSpan('GET /orders/42?_rsc=1&page=2', {
        attributes: {
          'url.full': 'http://shop/orders/42?page=2&_rsc=1',
          'url.query': 'page=2&_rsc=1',
        },
      })
      .end();
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('GET /orders/42?page=2');
    expect(span.attributes['url.full']).toBe('http://shop/orders/42?page=2');
    expect(span.attributes['url.query']).toBe('page=2');
  });

  test('a SERVER span without a route keeps its name', () => {
    const { tracer, exporter } = setup();
    tracer
      .startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } })
      .end();
    expect(exporter.getFinishedSpans()[0].name).toBe('GET');
  });
});

// What Next.js 16.4 does per request, as recorded from `next start` of examples/nextjs (see docs/nextjs.md).
// `http`: the HTTP instrumentation's SERVER span; `outer`/`inner`: Next.js's BaseServer.handleRequest spans (SERVER;
// two when the app has a proxy, the inner one started after the outer ended, under the outer's context forwarded
// through request headers, i.e. a remote-looking parent: `inner<~outer`); `route`: the first span with next.route.
// Steps run in order; `end x` ends a span.
type Step = string;
const SHAPES: Array<[string, Step[], { servers: string[]; route?: string }]> = [
  [
    'no proxy',
    ['http', 'outer<http', 'route<outer', 'end route', 'end outer', 'end http'],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'a proxy, a route handler: the root ends before the inner request span',
    [
      'http',
      'outer<http',
      'mw<outer',
      'end mw',
      'end outer',
      'inner<~outer',
      'route<inner',
      'end route',
      'end http',
      'end inner',
    ],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'a proxy and no HTTP span (a request that reached next start before register()): the outer span, the root, is held until the inner ends',
    [
      'outer',
      'mw<outer',
      'end mw',
      'end outer',
      'inner<~outer',
      'route<inner',
      'end route',
      'end inner',
    ],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'the same for a route handler: its route span ends after the inner request span',
    [
      'outer',
      'mw<outer',
      'end mw',
      'end outer',
      'inner<~outer',
      'route<inner',
      'end inner',
      'end route',
    ],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'no proxy and no HTTP span: the Next.js span is the root and ends when Next.js ends it',
    ['outer', 'route<outer', 'end route', 'end outer'],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'a proxy and a caller’s traceparent: the HTTP span, whose parent is remote, is the root',
    [
      'http<remote',
      'outer<http',
      'end outer',
      'inner<~outer',
      'route<inner',
      'end route',
      'end inner',
      'end http',
    ],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'a caller’s traceparent and no HTTP span: the Next.js span with the remote parent stays SERVER',
    ['outer<remote', 'inner<outer', 'route<inner', 'end route', 'end inner', 'end outer'],
    { servers: ['GET /orders/[id]'], route: '/orders/[id]' },
  ],
  [
    'no Next.js span with a route (a 404 before routing): the root keeps its name',
    ['http', 'outer<http', 'end outer', 'end http'],
    { servers: ['GET'] },
  ],
];

describe('one SERVER span per request, the root, named by the route template', () => {
  test.each(SHAPES)('%s', (_name, steps, expected) => {
    const { tracer, exporter } = setup();
    const spans = new Map<string, Span>();
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    for (const step of steps) {
      if (step.startsWith('end ')) {
        spans.get(step.slice(4))!.end();
        continue;
      }
      const [name, parentName] = step.split('<');
      const parent: Context =
        parentName === undefined
          ? ROOT_CONTEXT
          : parentName === 'remote'
            ? remote
            : parentName.startsWith('~')
              ? trace.setSpanContext(ROOT_CONTEXT, {
                  ...spans.get(parentName.slice(1))!.spanContext(),
                  isRemote: true,
                })
              : trace.setSpan(ROOT_CONTEXT, spans.get(parentName)!);
      const next = (type: string, extra: Record<string, string> = {}) => ({
        'next.span_type': type,
        'http.method': 'GET',
        ...extra,
      });
      const options = {
        http: { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } },
        outer: { kind: SpanKind.SERVER, attributes: next('BaseServer.handleRequest') },
        inner: { kind: SpanKind.SERVER, attributes: next('BaseServer.handleRequest') },
        mw: { attributes: next('Middleware.execute') },
        route: { attributes: next('AppRender.getBodyResult', { 'next.route': '/orders/[id]' }) },
      }[name]!;
      spans.set(name, tracer.startSpan(name === 'http' ? 'GET' : name, options, parent));
    }
    const out = exporter.getFinishedSpans();
    // Every span that is not INTERNAL is SERVER: Next.js's request spans under a root were made INTERNAL.
    const notInternal = out.filter((s) => s.kind !== SpanKind.INTERNAL);
    expect(notInternal.map((s) => s.kind)).toEqual(expected.servers.map(() => SpanKind.SERVER));
    expect(notInternal.map((s) => s.name)).toEqual(expected.servers);
    expect(notInternal[0].attributes['http.route']).toBe(expected.route);
  });

  test('a SERVER span of another library under a local span keeps its kind', () => {
    const { tracer, exporter } = setup();
    const http = tracer.startSpan('GET', { kind: SpanKind.SERVER });
    tracer.startSpan('rpc', { kind: SpanKind.SERVER }, trace.setSpan(context.active(), http)).end();
    http.end();
    expect(exporter.getFinishedSpans().map((s) => s.kind)).toEqual([
      SpanKind.SERVER,
      SpanKind.SERVER,
    ]);
  });
});

// A request that reached `next start` before register() ran has no HTTP span: behind a proxy, Next.js's span of
// the proxy's pass is its root, and Next.js ends it before the route's pass starts under it.
describe('a root of Next.js’s own that ran the proxy is held until its request is done', () => {
  const nextAttributes = (type: string) => ({ 'next.span_type': type, 'http.method': 'GET' });
  function proxyPass(tracer: ReturnType<typeof setup>['tracer']) {
    const outer = tracer.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: nextAttributes('BaseServer.handleRequest'),
    });
    tracer
      .startSpan(
        'middleware GET',
        { attributes: nextAttributes('Middleware.execute') },
        trace.setSpan(ROOT_CONTEXT, outer),
      )
      .end();
    outer.end();
    return outer;
  }
  const hrMillis = ([s, ns]: [number, number]) => s * 1e3 + ns / 1e6;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('it ends when the route pass ends, spanning it', async () => {
    const { tracer, exporter } = setup();
    const outer = proxyPass(tracer);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['middleware GET']);
    const inner = tracer.startSpan(
      'GET',
      { kind: SpanKind.SERVER, attributes: nextAttributes('BaseServer.handleRequest') },
      trace.setSpanContext(ROOT_CONTEXT, { ...outer.spanContext(), isRemote: true }),
    );
    await sleep(20);
    inner.end();
    const out = exporter.getFinishedSpans();
    const kinds = (kind: SpanKind) => out.filter((s) => s.kind === kind).map((s) => s.name);
    expect(kinds(SpanKind.INTERNAL).sort()).toEqual(['GET', 'middleware GET']);
    expect(kinds(SpanKind.SERVER)).toEqual(['GET']);
    const [root] = out.filter((s) => s.kind === SpanKind.SERVER);
    const innerOut = out.find((s) => s.spanContext().spanId === inner.spanContext().spanId)!;
    expect(hrMillis(root.endTime)).toBeGreaterThanOrEqual(hrMillis(innerOut.endTime));
  });

  test('a proxy that answers by itself (no route pass): the root is exported once the hold expires', () => {
    jest.useFakeTimers({
      doNotFake: ['performance', 'Date', 'hrtime', 'nextTick', 'queueMicrotask'],
    });
    try {
      const { tracer, exporter } = setup();
      proxyPass(tracer);
      jest.advanceTimersByTime(HOLD_MILLIS - 1);
      expect(exporter.getFinishedSpans()).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(exporter.getFinishedSpans().map((s) => [s.name, s.kind])).toEqual([
        ['middleware GET', SpanKind.INTERNAL],
        ['GET', SpanKind.SERVER],
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a flush ends a held root at the time Next.js ended it', async () => {
    const { tracer, exporter, processor } = setupWithProcessor();
    proxyPass(tracer);
    const endedAt = Date.now();
    await sleep(50);
    expect(exporter.getFinishedSpans().map((s) => s.kind)).toEqual([SpanKind.INTERNAL]); // held
    await processor.forceFlush();
    const root = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER)!;
    expect(Math.abs(hrMillis(root.endTime) - endedAt)).toBeLessThan(25);
  });
});

describe('Next.js’s late copy of the route onto an ended HTTP root', () => {
  test.each([
    ['http.route', 0],
    ['http.status_code', 1],
  ])('setAttribute(%s) after the root ended: %i warning(s) from the SDK', (key, warnings) => {
    const warn = jest.fn();
    diag.setLogger({ warn, error: warn, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
    try {
      const { tracer, exporter } = setup();
      const http = tracer.startSpan('GET', {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': 'GET' },
      });
      const outer = tracer.startSpan(
        'GET',
        { kind: SpanKind.SERVER, attributes: { 'next.span_type': 'BaseServer.handleRequest' } },
        trace.setSpan(ROOT_CONTEXT, http),
      );
      http.end();
      http.setAttribute(key, '/orders/[id]');
      outer.end();
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
        Array(warnings).fill(expect.stringContaining('ended Span')),
      );
      expect(exporter.getFinishedSpans()).toHaveLength(2);
    } finally {
      diag.disable();
    }
  });
});
