import { startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { get, type RunningApp } from './support/app';
import { startProxy, type ProxyMode } from './support/loopback-proxy';
import { startService, stopAll } from './support/propagation-services';

jest.setTimeout(90_000);

let receiver: OtlpReceiver;
const apps: RunningApp[] = [];
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
afterEach(async () => {
  await stopAll(apps);
  receiver.clear();
});

/** Starts B, optionally a proxy in front of it, then A calling B (through the proxy). Returns A's port. */
async function startChain(
  propagators: string,
  proxyMode?: ProxyMode,
  extraEnv: Record<string, string> = {},
) {
  const env = { OTEL_PROPAGATORS: propagators, ...extraEnv };
  const b = await startService('http-service.js', 'service-b', receiver.url, env);
  apps.push(b);
  const proxy = proxyMode ? await startProxy(b.port, proxyMode) : undefined;
  const downstream = proxy?.url ?? `http://127.0.0.1:${b.port}`;
  const a = await startService('http-service.js', 'service-a', receiver.url, {
    ...env,
    DOWNSTREAM_URL: downstream,
  });
  apps.push(a);
  return { port: a.port, closeProxy: () => proxy?.close() };
}

const serverOf = (spans: ReceivedSpan[], service: string) =>
  spans.find((s) => s.serviceName === service && s.kindName === 'SERVER')!;
const clientOf = (spans: ReceivedSpan[], service: string) =>
  spans.find((s) => s.serviceName === service && s.kindName === 'CLIENT')!;

async function callAndCollect(port: number, headers: Record<string, string> = {}) {
  const res = await get(port, '/call', headers);
  expect(res.status).toBe(200);
  const spans = await receiver.waitForSpans(
    (all) =>
      all.filter((s) => s.kindName === 'SERVER').length === 2 &&
      all.some((s) => s.kindName === 'CLIENT'),
    { timeoutMs: 20_000 },
  );
  return { spans, received: JSON.parse(res.body) as Record<string, string> };
}

describe('a proxy between two instrumented services', () => {
  test('strips traceparent: with the alias propagator the trace stays connected', async () => {
    const chain = await startChain('tracecontext,baggage,alias', 'strip-traceparent');
    const { spans, received } = await callAndCollect(chain.port);
    await chain.closeProxy();
    expect(received.traceparent).toBeUndefined();
    expect(received['x-otel-traceparent']).toMatch(/^00-/);
    const client = clientOf(spans, 'service-a');
    const serverB = serverOf(spans, 'service-b');
    expect(serverB.traceId).toBe(client.traceId);
    expect(serverB.parentSpanId).toBe(client.spanId);
  });

  test('strips traceparent: without the alias propagator the trace breaks', async () => {
    const chain = await startChain('tracecontext,baggage', 'strip-traceparent');
    const { spans } = await callAndCollect(chain.port);
    await chain.closeProxy();
    const client = clientOf(spans, 'service-a');
    const serverB = serverOf(spans, 'service-b');
    expect(serverB.traceId).not.toBe(client.traceId);
    expect(serverB.parentSpanId).toBeUndefined();
  });

  test('rewrites the parent id (same trace): the alias names the real parent', async () => {
    const chain = await startChain('tracecontext,baggage,alias', 'rewrite-parent-id');
    const { spans, received } = await callAndCollect(chain.port);
    await chain.closeProxy();
    expect(received.traceparent).toContain('-abababababababab-');
    const client = clientOf(spans, 'service-a');
    expect(serverOf(spans, 'service-b').parentSpanId).toBe(client.spanId);
  });
});

describe('header forwarding', () => {
  test('x-request-id arriving at A appears on A’s outgoing call to B', async () => {
    const chain = await startChain('tracecontext,baggage,forward', undefined, {
      OTELKIT_FORWARD_HEADERS: 'x-request-id,x-tenant-id',
    });
    const { received } = await callAndCollect(chain.port, {
      'x-request-id': 'req-42',
      'x-tenant-id': 'acme',
    });
    expect(received['x-request-id']).toBe('req-42');
    expect(received['x-tenant-id']).toBe('acme');
  });

  test('without the forward propagator it does not', async () => {
    const chain = await startChain('tracecontext,baggage');
    const { received } = await callAndCollect(chain.port, { 'x-request-id': 'req-42' });
    expect(received['x-request-id']).toBeUndefined();
  });
});

describe('X-Cloud-Trace-Context', () => {
  const TRACE = '105445aa7843bc8bf206b12000100000';

  test('extracted at A (span id 2^64-1) and injected on A’s call to B in decimal', async () => {
    const chain = await startChain('xcloud,tracecontext');
    const { spans, received } = await callAndCollect(chain.port, {
      'x-cloud-trace-context': `${TRACE}/18446744073709551615;o=1`,
    });
    const serverA = serverOf(spans, 'service-a');
    expect(serverA.traceId).toBe(TRACE);
    expect(serverA.parentSpanId).toBe('ffffffffffffffff');
    const client = clientOf(spans, 'service-a');
    expect(received['x-cloud-trace-context']).toBe(`${TRACE}/${BigInt(`0x${client.spanId}`)};o=1`);
    expect(serverOf(spans, 'service-b').parentSpanId).toBe(client.spanId);
  });

  test('the missing ;o= form is not sampled and is passed on as o=0 in the same trace', async () => {
    const chain = await startChain('xcloud,tracecontext');
    const res = await get(chain.port, '/call', { 'x-cloud-trace-context': `${TRACE}/42` });
    const received = JSON.parse(res.body) as Record<string, string>;
    expect(received['x-cloud-trace-context']).toMatch(new RegExp(`^${TRACE}/\\d+;o=0$`));
    expect(received.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-00$`));
  });
});
