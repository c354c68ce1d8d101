// examples/nextjs built with a real `next build` (once, in beforeAll) and served by `next start`, traced through
// `registerOTel()` of @otelkit/next in instrumentation.js, exporting to the @otelkit/testing receiver. The example is
// typed as create-next-app makes it (tsconfig.json, a `NextConfig`-typed next.config.ts wrapped in withOtelkit), so
// the build's own type check is the test of withOtelkit's typing, and it has a proxy.ts (Next.js 16's middleware).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  assertConnectedTrace,
  startReceiver,
  type FixtureProcess,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@otelkit/testing';
import { buildNextExample, NEXT_EXAMPLE, startInventory, startNext } from './support/next-app';

jest.setTimeout(60_000);

let receiver: OtlpReceiver;
let next: { proc: FixtureProcess; url: string };
let inventory: { proc: FixtureProcess; url: string };
const dbFile = path.join(os.tmpdir(), `otelkit-next-test-${process.pid}.db`);
const appEnv = () => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_BSP_SCHEDULE_DELAY: '100',
  DATABASE_URL: `file:${dbFile}`,
  INVENTORY_URL: inventory.url,
});

beforeAll(async () => {
  const { durationMs } = await buildNextExample(420_000);
  console.log(`next build: ${(durationMs / 1000).toFixed(1)} s`);
  receiver = await startReceiver();
  inventory = await startInventory({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  next = await startNext(appEnv());
  // Sent as soon as the URL is printed: Next.js listens (and prints it) before it loads next.config and runs
  // register(), so this request arrives before tracing starts. Its trace is checked below; every later test sees a
  // started SDK.
  expect((await fetch(`${next.url}/api/orders/7`)).status).toBe(200);
}, 480_000);

afterAll(async () => {
  for (const child of [next?.proc, inventory?.proc]) child?.kill('SIGTERM');
  await Promise.all(
    [next?.proc.exited, inventory?.proc.exited].map((p) => p?.catch(() => undefined)),
  );
  await receiver?.close();
  fs.rmSync(dbFile, { force: true });
});

const byId = (trace: ReceivedSpan[]) => new Map(trace.map((s) => [s.spanId, s]));
function ancestors(span: ReceivedSpan, trace: ReceivedSpan[]): ReceivedSpan[] {
  const ids = byId(trace);
  const found: ReceivedSpan[] = [];
  for (
    let p = span.parentSpanId && ids.get(span.parentSpanId);
    p;
    p = p.parentSpanId && ids.get(p.parentSpanId)
  )
    found.push(p);
  return found;
}
const exportedText = () => receiver.requests.map((r) => r.body.toString('latin1')).join('\n');
/** The spans of `traceId` once no more arrive (a stray SERVER span would come within a few export intervals). */
async function settled(traceId: string): Promise<ReceivedSpan[]> {
  const ofTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
  for (let seen = -1; seen !== ofTrace().length;) {
    seen = ofTrace().length;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return ofTrace();
}
const isRequestSpan = (s: ReceivedSpan) =>
  s.attributes['next.span_type'] === 'BaseServer.handleRequest';

// The request of beforeAll, sent before register() ran: its `request` event fired before the HTTP instrumentation
// patched the server, so it has no HTTP span and Next.js's request span of the proxy's pass is its root. Next.js
// ends that span before the route's pass starts; it must still be the one SERVER span, named by the route.
describe('the first request after next start (GET /api/orders/7, before register() ran), through proxy.ts', () => {
  let trace: ReceivedSpan[];
  let root: ReceivedSpan;

  beforeAll(async () => {
    const found = await receiver.waitForTrace(
      (t) => t.some((s) => isRequestSpan(s) && s.attributes['next.route'] === '/api/orders/[id]'),
      { timeoutMs: 20_000 },
    );
    trace = await settled(found[0].traceId);
    root = trace.find((s) => !s.parentSpanId)!;
  });

  test('has no HTTP span: its root is Next.js’s request span (the case this describes)', () => {
    // Whether register() ran before this request is a race next start decides (it lost 1 of 4 CI runs): when it did,
    // the HTTP span is the root and the tests below check the ordinary shape instead. Said, not hidden.
    if (!isRequestSpan(root)) {
      console.log(
        'register() ran before the first request this time: the no-HTTP-span case was not exercised',
      );
      expect(root.attributes['http.request.method']).toBe('GET');
      return;
    }
    expect(isRequestSpan(root)).toBe(true);
    expect(trace.some((s) => s.attributes['next.span_type'] === 'Middleware.execute')).toBe(true);
  });

  test('exactly one SERVER span, the root, named GET /api/orders/[id] with http.route', () => {
    assertConnectedTrace(trace);
    expect(trace.filter((s) => s.kindName === 'SERVER').map((s) => s.spanId)).toEqual([
      root.spanId,
    ]);
    expect(root).toMatchObject({ name: 'GET /api/orders/[id]', kindName: 'SERVER' });
    expect(root.attributes['http.route']).toBe('/api/orders/[id]');
  });

  test('the root spans the route’s pass, which is INTERNAL under it', () => {
    const pass = trace.find((s) => isRequestSpan(s) && s !== root)!;
    expect(pass.kindName).toBe('INTERNAL');
    expect(ancestors(pass, trace)).toContain(root);
    expect(root.endTimeUnixNano).toBeGreaterThanOrEqual(pass.endTimeUnixNano);
  });
});

describe('a page request: GET /orders/42?_rsc=abc12', () => {
  let trace: ReceivedSpan[];
  let root: ReceivedSpan;

  beforeAll(async () => {
    receiver.clear();
    const res = await fetch(`${next.url}/orders/42?_rsc=abc12`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Espresso machine');
    trace = await receiver.waitForTrace(
      (t) =>
        t.some((s) => s.serviceName === 'inventory' && s.kindName === 'SERVER') &&
        t.some((s) => s.name === 'prisma:client:db_query') &&
        t.some((s) => !s.parentSpanId && s.name === 'GET /orders/[id]'),
      { timeoutMs: 20_000 },
    );
    root = trace.find((s) => !s.parentSpanId)!;
  });

  test('is one connected trace whose root is GET /orders/[id] with http.route', () => {
    assertConnectedTrace(trace);
    expect(root).toMatchObject({
      name: 'GET /orders/[id]',
      kindName: 'SERVER',
      serviceName: 'shop',
    });
    expect(root.attributes['http.route']).toBe('/orders/[id]');
  });

  test("Next.js's own request and render spans are under the root", () => {
    const handler = trace.find(
      (s) =>
        s.attributes['next.span_type'] === 'BaseServer.handleRequest' &&
        s.attributes['next.route'] === '/orders/[id]',
    )!;
    const render = trace.find((s) => s.name === 'render route (app) /orders/[id]')!;
    expect(handler.name).toBe('GET /orders/[id]');
    expect(ancestors(handler, trace)).toContain(root);
    expect(ancestors(render, trace)).toContain(handler);
  });

  test('the Prisma query span is under the render span', () => {
    const query = trace.find((s) => s.name === 'prisma:client:db_query')!;
    expect(query.kindName).toBe('CLIENT');
    expect(String(query.attributes['db.query.text'])).toMatch(/^SELECT/);
    expect(ancestors(query, trace).map((s) => s.name)).toContain('render route (app) /orders/[id]');
  });

  test("the outgoing fetch leads from the render span to the inventory service's SERVER span", () => {
    const remote = trace.find((s) => s.serviceName === 'inventory' && s.kindName === 'SERVER')!;
    expect(remote.traceId).toBe(root.traceId);
    expect(remote.attributes['url.path']).toBe('/stock/SKU-ESP-1');
    const client = byId(trace).get(remote.parentSpanId!)!;
    expect(client).toMatchObject({ kindName: 'CLIENT', serviceName: 'shop' });
    expect(client.attributes['url.full']).toMatch(/\/stock\/SKU-ESP-1$/);
    expect(byId(trace).get(client.parentSpanId!)?.name).toBe('render route (app) /orders/[id]');
  });

  test('no _rsc value anywhere in the exported bytes', () => {
    expect(exportedText()).not.toContain('abc12');
    expect(exportedText()).not.toContain('_rsc');
  });
});

// Issue 20's acceptance, per request through the proxy: one SERVER span (the root, route-named, with http.route),
// Next.js's request and proxy spans INTERNAL under it, and one CLIENT span per outgoing fetch, the parent of the
// called service's SERVER span.
const THROUGH_THE_PROXY: Array<[path: string, root: string, route: string, fetches: number]> = [
  ['/orders/42', 'GET /orders/[id]', '/orders/[id]', 1],
  ['/api/orders/42', 'GET /api/orders/[id]', '/api/orders/[id]', 0],
];

describe.each(THROUGH_THE_PROXY)(
  'GET %s, through proxy.ts',
  (urlPath, rootName, route, fetches) => {
    let trace: ReceivedSpan[];
    let proxied: string | null;

    beforeAll(async () => {
      receiver.clear();
      const res = await fetch(`${next.url}${urlPath}`);
      expect(res.status).toBe(200);
      proxied = res.headers.get('x-shop-proxy');
      const found = await receiver.waitForTrace(
        (t) =>
          t.some((s) => !s.parentSpanId && s.name === rootName) &&
          t.filter(isRequestSpan).length === 2 &&
          t.filter((s) => s.serviceName === 'inventory').length === fetches,
        { timeoutMs: 20_000 },
      );
      trace = await settled(found[0].traceId);
    });

    const shop = () => trace.filter((s) => s.serviceName === 'shop');
    const root = () => trace.find((s) => !s.parentSpanId)!;

    test('the proxy ran', () => {
      expect(proxied).toBe(urlPath);
      expect(trace.some((s) => s.attributes['next.span_type'] === 'Middleware.execute')).toBe(true);
    });

    test(`exactly one SERVER span, the root, named ${rootName} with http.route ${route}`, () => {
      assertConnectedTrace(trace);
      const servers = shop().filter((s) => s.kindName === 'SERVER');
      expect(servers.map((s) => s.spanId)).toEqual([root().spanId]);
      expect(root()).toMatchObject({ name: rootName, kindName: 'SERVER', serviceName: 'shop' });
      expect(root().attributes['http.route']).toBe(route);
    });

    test("Next.js's request and proxy spans are INTERNAL, under the root", () => {
      const own = shop().filter((s) =>
        ['BaseServer.handleRequest', 'Middleware.execute'].includes(
          String(s.attributes['next.span_type']),
        ),
      );
      expect(own).toHaveLength(3);
      for (const span of own) {
        expect(span.kindName).toBe('INTERNAL');
        expect(ancestors(span, trace)).toContain(root());
      }
    });

    test(`${fetches} outgoing fetch(es): one CLIENT span each, the parent of the called SERVER span`, () => {
      const httpClients = shop().filter(
        (s) => s.kindName === 'CLIENT' && !s.name.startsWith('prisma:'),
      );
      const called = trace.filter((s) => s.serviceName === 'inventory');
      expect(called.map((s) => s.kindName)).toEqual(Array(fetches).fill('SERVER'));
      expect(httpClients.map((s) => s.spanId).sort()).toEqual(
        called.map((s) => s.parentSpanId).sort(),
      );
      expect(trace.some((s) => s.name.startsWith('fetch '))).toBe(false);
    });
  },
);

describe('noise requests', () => {
  test('static assets, the favicon and router prefetches export no spans under the default preset', async () => {
    receiver.clear();
    const html = await (await fetch(`${next.url}/`)).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    await receiver.waitForTrace((t) => t.some((s) => s.name === 'GET /' && !s.parentSpanId));
    receiver.clear();
    expect((await fetch(`${next.url}${asset}`)).status).toBe(200);
    await fetch(`${next.url}/favicon.ico`);
    await fetch(`${next.url}/orders/7`, { headers: { 'next-router-prefetch': '1', rsc: '1' } });
    // A traced request after them: once its trace is in, anything the noise produced would have been exported too.
    await fetch(`${next.url}/api/orders/7`);
    await receiver.waitForTrace((t) =>
      t.some((s) => s.name === 'GET /api/orders/[id]' && !s.parentSpanId),
    );
    const servers = receiver.spans.filter((s) => s.kindName === 'SERVER');
    expect(servers.map((s) => s.name)).toEqual(['GET /api/orders/[id]']);
    expect(exportedText()).not.toMatch(/_next\/static|favicon/);
  });
});

describe('a route handler that throws', () => {
  test('yields an ERROR span with the exception recorded and its e-mail address masked', async () => {
    receiver.clear();
    expect((await fetch(`${next.url}/api/fail`)).status).toBe(500);
    const trace = await receiver.waitForTrace((t) =>
      t.some((s) => s.events.some((e) => e.name === 'exception')),
    );
    const failed = trace.find((s) => s.events.some((e) => e.name === 'exception'))!;
    expect(failed.status.code).toBe(2);
    const exception = failed.events.find((e) => e.name === 'exception')!;
    expect(String(exception.attributes['exception.message'])).toContain(
      'payment declined for customer',
    );
    expect(exportedText()).not.toContain('jane.doe@example.com');
    const root = trace.find((s) => !s.parentSpanId)!;
    expect(root).toMatchObject({ name: 'GET /api/fail', status: { code: 2 } });
  });
});

describe('the HTTP span ends before Next.js copies the route onto it (route handlers, the proxy)', () => {
  test('no "Cannot execute the operation on ended Span" line: the root already has the route', () => {
    expect(next.proc.stderr()).not.toContain('ended Span');
  });
});

describe('the edge runtime', () => {
  test('the edge route runs, and its bundle holds no Node.js SDK', async () => {
    const res = await fetch(`${next.url}/api/edge`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ runtime: 'edge' });
    const edgeDir = path.join(NEXT_EXAMPLE, '.next', 'server', 'edge');
    const files = fs.readdirSync(edgeDir, { recursive: true }) as string[];
    const code = files
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(path.join(edgeDir, f), 'utf8'))
      .join('\n');
    expect(code).toContain('withOtelkit'); // the edge entry of @otelkit/next is in there...
    for (const marker of [
      'NodeTracerProvider',
      'BatchSpanProcessor',
      'registerInstrumentations',
      '@otelkit/node:',
    ])
      expect(code).not.toContain(marker); // ...and nothing of the SDK
  });
});

describe('SIGTERM to next start', () => {
  test('flushes the spans of a request that just completed', async () => {
    receiver.clear();
    // Batches would wait a minute: only the flush at exit can deliver these spans in time.
    const late = await startNext({ ...appEnv(), OTEL_BSP_SCHEDULE_DELAY: '60000' });
    // The first request arrives before register() ran (see the first describe); a page this time.
    expect((await fetch(`${late.url}/`)).status).toBe(200);
    expect((await fetch(`${late.url}/api/orders/42`)).status).toBe(200);
    late.proc.kill('SIGTERM');
    const { code, signal } = await late.proc.exited;
    expect(code ?? signal).toBe(143);
    const root = receiver.spans.find((s) => s.name === 'GET /api/orders/[id]' && !s.parentSpanId);
    expect(root).toBeDefined();
    const sameTrace = receiver.spans.filter((s) => s.traceId === root!.traceId).map((s) => s.name);
    expect(sameTrace).toEqual(
      expect.arrayContaining([
        'prisma:client:db_query',
        'executing api route (app) /api/orders/[id]',
      ]),
    );
    const first = receiver.spans.find(
      (s) => isRequestSpan(s) && s.attributes['next.route'] === '/',
    );
    const firstTrace = receiver.spans.filter((s) => s.traceId === first?.traceId);
    expect(
      firstTrace
        .filter((s) => s.kindName === 'SERVER')
        .map((s) => [s.name, s.attributes['http.route'], !s.parentSpanId]),
    ).toEqual([['GET /', '/', true]]);
  });
});
