// `next dev` (Turbopack) reloading a page must not register a second SDK. The app is a throw-away copy of
// examples/nextjs's layout, config and instrumentation.js, with one page whose imported module the test edits.
//
// Next.js 16.4 itself calls register() once per dev server process (it keeps the promise of that call for the
// life of the process), so neither a page edit nor an edit of instrumentation.js reaches the guard. What the once-per-process guard of registerOTel() protects against is register() running again
// from a freshly evaluated copy of the modules, so the page also calls the example's register() while it loads:
// Turbopack bundles @otelkit/next and @otelkit/node (workspace links) into the page's own module graph and
// evaluates it again after every edit, which is exactly that case.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { prepareDevApp, startNextDev, type NextDev } from './support/next-dev';

jest.setTimeout(60_000);

const PAGE = `import { register } from '../../instrumentation';
import { MARKER } from './marker';

await register();

export const dynamic = 'force-dynamic';

export default async function DevReload() {
  const pong = await (await fetch(process.env.PING_URL, { cache: 'no-store' })).text();
  return <main id="marker">{MARKER} {pong}</main>;
}
`;
const marker = (value: string) => `export const MARKER = 'marker-${value}';\n`;
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const STARTUP_LINE = /@otelkit\/node: tracing service/g;

let receiver: OtlpReceiver;
let app: ReturnType<typeof prepareDevApp> | undefined;
let dev: NextDev | undefined;
// What the page fetches: one CLIENT span per registered fetch instrumentation.
let pingUrl = '';
const ping = http.createServer((_req, res) => res.end('pong'));

beforeAll(async () => {
  receiver = await startReceiver();
  await new Promise<void>((resolve) => ping.listen(0, '127.0.0.1', resolve));
  pingUrl = `http://127.0.0.1:${(ping.address() as AddressInfo).port}/ping`;
  app = prepareDevApp({
    'app/dev-reload/page.js': PAGE,
    'app/dev-reload/marker.js': marker('one'),
  });
  const started = Date.now();
  dev = await startNextDev(
    app.dir,
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      PING_URL: pingUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    120_000,
  );
  console.log(`next dev ready: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  await app?.remove();
  await receiver?.close();
  ping.close();
}, 30_000);

/** GETs the page until it serves `expected`: the first compile, or the reload after an edit. */
async function pollUntilServed(expected: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs) {
    const res = await fetch(`${dev!.url}/dev-reload`).catch((error: Error) => error);
    if (!(res instanceof Error)) {
      const body = await res.text();
      if (res.status === 200 && body.includes(expected)) return Date.now() - started;
      last = `${res.status} ${body.slice(0, 2000)}`;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`/dev-reload did not serve ${expected} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Requests the page once as part of a trace the test starts (its own traceparent), so spans that other requests
 * export late cannot be taken for it. The trace is taken once no span of it arrived for a second (ten export
 * intervals), so late duplicates would be in it.
 */
async function tracedRequest(expected: string): Promise<ReceivedSpan[]> {
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(`${dev!.url}/dev-reload`, {
    headers: { traceparent: `00-${traceId}-${CALLER_SPAN_ID}-01` },
  });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain(expected);
  const ofTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
  await receiver.waitForSpans(() => ofTrace().some((s) => s.parentSpanId === CALLER_SPAN_ID), {
    timeoutMs: 30_000,
  });
  for (let seen = -1; seen !== ofTrace().length;) {
    seen = ofTrace().length;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return ofTrace();
}

const names = (trace: ReceivedSpan[]) => trace.map((s) => `${s.kindName} ${s.name}`).sort();

describe('next dev: editing a module the page imports, then requesting again', () => {
  let before: ReceivedSpan[];
  let after: ReceivedSpan[];

  beforeAll(async () => {
    // The first request compiles the page (and Next.js runs register() meanwhile); it is not traced end to end.
    const compileMs = await pollUntilServed('marker-one', 120_000);
    before = await tracedRequest('marker-one');
    app!.write('app/dev-reload/marker.js', marker('two'));
    const reloadMs = await pollUntilServed('marker-two', 120_000);
    after = await tracedRequest('marker-two');
    console.log(`first compile ${compileMs} ms; reload after the edit ${reloadMs} ms`);
  }, 300_000);

  test('the SDK started once: one startup line and no duplicate API registration', () => {
    const stderr = dev!.stderr();
    expect(stderr.match(STARTUP_LINE)).toHaveLength(1);
    expect(stderr).not.toMatch(/duplicate registration/i);
  });

  test('the request after the reload has one SERVER span, one outgoing HTTP CLIENT span and the same trace shape as before it', () => {
    const roots = after.filter((s) => s.parentSpanId === CALLER_SPAN_ID);
    expect(roots.map((s) => `${s.kindName} ${s.name}`)).toEqual(['SERVER GET /dev-reload']);
    // The HTTP SERVER span is the root and the only SERVER span: Next.js's own request span, which Next.js marks as
    // SERVER too, is INTERNAL under it.
    const servers = after.filter((s) => s.kindName === 'SERVER');
    expect(servers.map((s) => s.attributes['next.span_type'] ?? 'http')).toEqual(['http']);
    const handler = after.filter(
      (s) => s.attributes['next.span_type'] === 'BaseServer.handleRequest',
    );
    expect(handler.map((s) => s.kindName)).toEqual(['INTERNAL']);
    // Each registered SDK subscribes its own fetch instrumentation: a second one adds a second CLIENT span.
    const clients = after.filter((s) => s.kindName === 'CLIENT' && s.name === 'GET');
    expect(clients.map((s) => s.attributes['url.full'])).toEqual([pingUrl]);
    expect(new Set(after.map((s) => s.spanId)).size).toBe(after.length);
    expect(names(after)).toEqual(names(before));
  });
});
