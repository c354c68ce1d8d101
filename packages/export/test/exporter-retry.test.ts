import * as dc from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, isTracingSuppressed } from '@opentelemetry/core';
import {
  OtelkitBatchSpanProcessor,
  OtlpExportError,
  OtlpHttpSpanExporter,
  type OtlpHttpExporterOptions,
} from '@otelkit/export';
import { startReceiver, type OtlpReceiver, type RespondHook } from '@otelkit/testing';
import { buildCorpus } from './helpers/corpus';
import { exportOnce } from './helpers/export-with';
import { tracingWith, until } from './helpers/tracing';

const spans = buildCorpus().slice(0, 5);
const fastRetry = { initialBackoffMillis: 5, maxBackoffMillis: 20, maxAttempts: 4 };
let receiver: OtlpReceiver | undefined;
afterEach(() => receiver?.close());
/** When each request reached the receiver (performance.now()). */
let arrivals: number[] = [];

/** A receiver whose n-th request (0-based) is answered by `plan[n]`, or normally past the end. */
async function misbehaving(plan: RespondHook[]): Promise<OtlpReceiver> {
  let n = 0;
  arrivals = [];
  receiver = await startReceiver({
    respond: (req, ctx) => {
      arrivals.push(performance.now());
      return plan[n++]?.(req, ctx);
    },
  });
  return receiver;
}

function exporter(r: OtlpReceiver, options: OtlpHttpExporterOptions = {}) {
  return new OtlpHttpSpanExporter({ url: r.tracesUrl, retry: fastRetry, ...options }, {});
}

const status =
  (code: number, headers?: Record<string, string>): RespondHook =>
  () => ({ status: code, headers });
const reset: RespondHook = (_req, { socket }) => void socket.destroy();
const slow =
  (millis: number): RespondHook =>
  () =>
    new Promise((resolve) => setTimeout(() => resolve(undefined), millis));

test('429 with Retry-After waits that long, then delivers', async () => {
  const r = await misbehaving([status(429, { 'retry-after': '1' })]);
  const result = await exportOnce(exporter(r), spans);
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(r.requests.map((q) => q.responseStatus)).toEqual([429, 200]);
  expect(r.spans).toHaveLength(spans.length);
  // The configured backoff is at most 20 ms; only the header explains a gap of a second.
  expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
});

test.each([502, 503, 504])('%i is retried with backoff until it succeeds', async (code) => {
  const r = await misbehaving([status(code), status(code)]);
  const result = await exportOnce(exporter(r), spans);
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(r.requests.map((q) => q.responseStatus)).toEqual([code, code, 200]);
  expect(r.spans).toHaveLength(spans.length);
});

test.each([400, 401, 403, 404, 413, 500])('%i fails at once without a retry', async (code) => {
  const r = await misbehaving([status(code)]);
  const result = await exportOnce(exporter(r), spans);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect((result.error as OtlpExportError).errorType).toBe(String(code));
  expect(r.requests).toHaveLength(1);
});

test('a collector that keeps answering 503 fails after maxAttempts', async () => {
  const r = await misbehaving(Array(10).fill(status(503)));
  const result = await exportOnce(exporter(r, { retry: { ...fastRetry, maxAttempts: 3 } }), spans);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toBe(`@otelkit/export: export to ${r.tracesUrl} failed: HTTP 503`);
  // The cause alone, for reports that name the endpoint themselves.
  expect((result.error as OtlpExportError).reason).toBe('HTTP 503');
  expect(r.requests).toHaveLength(3);
});

test('a request that times out is retried, and the retry delivers', async () => {
  const r = await misbehaving([slow(1500)]);
  const result = await exportOnce(exporter(r, { timeoutMillis: 200 }), spans);
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(r.requests.length).toBeGreaterThanOrEqual(2);
  expect(r.spans.length).toBeGreaterThanOrEqual(spans.length);
});

test('timeouts on every attempt fail with ETIMEDOUT', async () => {
  const r = await misbehaving(Array(5).fill(slow(1500)));
  const options = { timeoutMillis: 100, retry: { ...fastRetry, maxAttempts: 2 } };
  const result = await exportOnce(exporter(r, options), spans);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect((result.error as OtlpExportError).errorType).toBe('ETIMEDOUT');
});

test('a connection reset is retried on a new connection', async () => {
  const r = await misbehaving([reset, reset]);
  const result = await exportOnce(exporter(r), spans);
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(r.requests).toHaveLength(3);
  expect(r.spans).toHaveLength(spans.length);
});

test('resets on every attempt fail with the socket error code', async () => {
  const r = await misbehaving(Array(5).fill(reset));
  const result = await exportOnce(exporter(r, { retry: { ...fastRetry, maxAttempts: 2 } }), spans);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect((result.error as OtlpExportError).errorType).toMatch(/^E[A-Z]+$/);
});

test('shutdown during a backoff ends the wait and fails the export', async () => {
  const r = await misbehaving([status(503)]);
  const exp = exporter(r, { retry: { ...fastRetry, initialBackoffMillis: 60000 } });
  const pending = exportOnce(exp, spans);
  while (r.requests[0]?.responseStatus !== 503) await new Promise((ok) => setTimeout(ok, 5));
  await exp.shutdown();
  const result = await pending;
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(r.requests).toHaveLength(1);
  expect((await exportOnce(exp, spans)).code).toBe(ExportResultCode.FAILED);
});

test('gzip bodies arrive compressed and decode to the same spans', async () => {
  const r = await misbehaving([]);
  const result = await exportOnce(exporter(r, { compression: 'gzip' }), spans);
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(r.requests[0].contentEncoding).toBe('gzip');
  expect(r.requests[0].rawBody.length).toBeLessThan(r.requests[0].body.length);
  expect(r.spans).toHaveLength(spans.length);
});

test('requests keep one connection alive and carry the configured headers', async () => {
  const r = await misbehaving([]);
  const exp = exporter(r, { headers: { authorization: 'Bearer t' } });
  for (let i = 0; i < 3; i++) await exportOnce(exp, spans);
  expect(r.requests.map((q) => q.headers.authorization)).toEqual(Array(3).fill('Bearer t'));
  expect(r.requests.every((q) => q.headers.connection === 'keep-alive')).toBe(true);
});

test('the POST runs with tracing suppressed', async () => {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const seen: boolean[] = [];
  const onStart = () => seen.push(isTracingSuppressed(context.active()));
  dc.subscribe('http.client.request.start', onStart);
  try {
    const r = await misbehaving([]);
    await exportOnce(exporter(r), spans);
  } finally {
    dc.unsubscribe('http.client.request.start', onStart);
    context.disable();
  }
  expect(seen).toEqual([true]);
});

describe('at shutdown every export gets one attempt', () => {
  const slowRetry = { initialBackoffMillis: 60_000, maxBackoffMillis: 60_000, maxAttempts: 5 };

  test('stopRetrying: an export waiting to retry gives up now, a new one is tried once', async () => {
    const r = await misbehaving(Array(10).fill(status(503)));
    const e = exporter(r, { retry: slowRetry });
    const waiting = exportOnce(e, spans);
    await until(() => r.requests.length === 1); // first attempt answered; now it sleeps a minute
    e.stopRetrying();
    expect((await waiting).code).toBe(ExportResultCode.FAILED);
    expect((await exportOnce(e, spans)).code).toBe(ExportResultCode.FAILED);
    expect(r.requests).toHaveLength(2);
    await e.shutdown();
  });

  test('the processor shutting down stops the retries: queued spans get one attempt and are counted', async () => {
    const r = await misbehaving(Array(10).fill(status(503)));
    const processor = new OtelkitBatchSpanProcessor(
      exporter(r, { retry: slowRetry }),
      { scheduledDelayMillis: 60_000, onWarning: () => {} },
      {},
    );
    const { endSpans } = tracingWith(processor);
    endSpans(3);
    await processor.shutdown(); // would wait out the 30 s export timeout if it retried
    expect(r.requests).toHaveLength(1);
    expect(processor.stats().dropped.export_failed).toBe(3);
  });
});
