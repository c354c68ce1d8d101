import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { RetryingSpanExporter } from '@otelkit/export';

// The wrapper is transport-agnostic: the inner exporter here answers from a script, one entry per attempt
// (node's gRPC tests run it against a real gRPC collector).
class Transient extends Error {
  code = 14;
}
type Answer = 'ok' | 'transient' | 'final' | 'throw';

function scripted(plan: Answer[]) {
  const attempts: number[] = [];
  const inner: SpanExporter = {
    export(spans, done) {
      attempts.push(spans.length);
      const answer = plan.shift() ?? 'ok';
      if (answer === 'throw') throw new Error('exporter bug');
      if (answer === 'ok') done({ code: ExportResultCode.SUCCESS });
      else
        done({
          code: ExportResultCode.FAILED,
          error: answer === 'final' ? new Error('no') : new Transient('busy'),
        });
    },
    shutdown: () => Promise.resolve(),
  };
  return { inner, attempts };
}

const fast = { initialBackoffMillis: 5, maxBackoffMillis: 20, multiplier: 2 };
const retryable = (error: unknown) => error instanceof Transient;
const spans = [{}, {}] as ReadableSpan[];
const exportOnce = (exporter: SpanExporter) =>
  new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

test('transient failures are retried after a backoff until an attempt succeeds', async () => {
  const { inner, attempts } = scripted(['transient', 'transient', 'ok']);
  const started = Date.now();
  const result = await exportOnce(new RetryingSpanExporter(inner, { retryable, retry: fast }));
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(attempts).toEqual([2, 2, 2]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(8); // 5 ms then 10 ms, each at least 80 % of it
});

test('a final failure is not retried', async () => {
  const { inner, attempts } = scripted(['final']);
  const result = await exportOnce(new RetryingSpanExporter(inner, { retryable, retry: fast }));
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toBe('no');
  expect(attempts).toHaveLength(1);
});

test('at most maxAttempts attempts; the last error is reported', async () => {
  const { inner, attempts } = scripted(Array(10).fill('transient'));
  const exporter = new RetryingSpanExporter(inner, {
    retryable,
    retry: { ...fast, maxAttempts: 3 },
  });
  const result = await exportOnce(exporter);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error).toBeInstanceOf(Transient);
  expect(attempts).toHaveLength(3);
});

test('stopRetrying: a batch waiting to retry fails at once, later batches get one attempt', async () => {
  const { inner, attempts } = scripted(Array(10).fill('transient'));
  const slow = { initialBackoffMillis: 60_000, maxBackoffMillis: 60_000 };
  const exporter = new RetryingSpanExporter(inner, { retryable, retry: slow });
  const waiting = exportOnce(exporter);
  exporter.stopRetrying();
  expect((await waiting).code).toBe(ExportResultCode.FAILED);
  expect(attempts).toHaveLength(1);
  expect((await exportOnce(exporter)).code).toBe(ExportResultCode.FAILED);
  expect(attempts).toHaveLength(2);
});

test('shutdown stops retrying too, so no timer holds the exit', async () => {
  const { inner } = scripted(Array(10).fill('transient'));
  const exporter = new RetryingSpanExporter(inner, {
    retryable,
    retry: { initialBackoffMillis: 60_000 },
  });
  const waiting = exportOnce(exporter);
  await exporter.shutdown();
  expect((await waiting).code).toBe(ExportResultCode.FAILED);
});

test('an exporter that throws on a retry fails the batch with that error, from the timer, without a rejection', async () => {
  const { inner, attempts } = scripted(['transient', 'throw']);
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  try {
    const result = await exportOnce(new RetryingSpanExporter(inner, { retryable, retry: fast }));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBe('exporter bug');
    expect(attempts).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rejections).toEqual([]);
  } finally {
    process.off('unhandledRejection', onRejection);
  }
});

test('a result callback that throws is answered once: its error reaches the caller, not a second callback', () => {
  const { inner } = scripted(['ok']);
  const results: ExportResult[] = [];
  const exporter = new RetryingSpanExporter(inner, { retryable, retry: fast });
  expect(() =>
    exporter.export(spans, (result) => {
      results.push(result);
      throw new Error('caller bug');
    }),
  ).toThrow('caller bug');
  expect(results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS]);
});

test('a retryable predicate that throws makes the failure final instead of throwing into the exporter', async () => {
  const { inner, attempts } = scripted(['transient', 'ok']);
  const exporter = new RetryingSpanExporter(inner, {
    retryable: () => {
      throw new Error('bug');
    },
    retry: fast,
  });
  expect((await exportOnce(exporter)).code).toBe(ExportResultCode.FAILED);
  expect(attempts).toHaveLength(1);
});

test.each([
  ['no retryable', {}, /option retryable is undefined; expected a function/],
  ['retry.maxAttempts 0', { retryable, retry: { maxAttempts: 0 } }, /retry.maxAttempts/],
  [
    'retry.multiplier 0.5',
    { retryable, retry: { multiplier: 0.5 } },
    /option retry\.multiplier is 0\.5; expected a number from 1 to 100/,
  ],
])('a bad option throws at construction: %s', (_, options, message) => {
  const { inner } = scripted([]);
  expect(() => new RetryingSpanExporter(inner, options as never)).toThrow(message);
});
