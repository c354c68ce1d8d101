import { ExportResultCode } from '@opentelemetry/core';
import { createDiagnostics, redactText } from '@otelkit/core';
import {
  OtlpHttpSpanExporter,
  type OtlpHeadersContext,
  type OtlpHeadersFunction,
  type OtlpHttpExporterOptions,
} from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { authChecking } from '../../../../test/integration/support/fake-token-servers';
import { buildCorpus } from '../helpers/corpus';
import { exportOnce } from '../helpers/export-with';

const spans = buildCorpus().slice(0, 3);
const SECRET = 'k3y-from-the-vault-991';
const fastRetry = { initialBackoffMillis: 5, maxBackoffMillis: 20, maxAttempts: 3 };

let receiver: OtlpReceiver;
afterEach(() => receiver?.close());

/** An exporter whose lines are kept, the secret registered nowhere but by the exporter itself. */
function exporterFor(r: OtlpReceiver, options: OtlpHttpExporterOptions) {
  const lines: string[] = [];
  const diagnostics = createDiagnostics({
    prefix: '@otelkit/export',
    level: 'all',
    write: (l) => lines.push(l),
  });
  const exporter = new OtlpHttpSpanExporter(
    { url: r.tracesUrl, retry: fastRetry, diagnostics, ...options },
    {},
  );
  return { exporter, lines };
}

/** Calls of a headers function: the context of each. */
function recorder(answer: (context: OtlpHeadersContext, n: number) => unknown) {
  const calls: OtlpHeadersContext[] = [];
  const fn = ((context: OtlpHeadersContext) => {
    calls.push(context);
    return answer(context, calls.length);
  }) as OtlpHeadersFunction;
  return { fn, calls };
}

describe('a headers function is called before each attempt; its answer goes with that attempt', () => {
  test.each<[string, (c: OtlpHeadersContext, n: number) => unknown, number]>([
    [
      'sync headers, not cached: called again for the second export',
      () => ({ 'X-Api-Key': SECRET }),
      2,
    ],
    ['async headers', () => Promise.resolve({ 'x-api-key': SECRET }), 2],
    [
      '{ headers, ttlMillis }: reused for the second export',
      () => ({ headers: { 'x-api-key': SECRET }, ttlMillis: 60_000 }),
      1,
    ],
    [
      '{ headers, ttlMillis: 0 }: not cached',
      () => ({ headers: { 'x-api-key': SECRET }, ttlMillis: 0 }),
      2,
    ],
  ])('%s', async (_title, answer, expectedCalls) => {
    receiver = await startReceiver();
    const { fn, calls } = recorder(answer);
    const { exporter } = exporterFor(receiver, { headers: fn });
    for (let i = 0; i < 2; i++)
      expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(calls).toHaveLength(expectedCalls);
    expect(calls[0]).toEqual({ attempt: 1, refresh: false });
    expect(receiver.requests.map((r) => r.headers['x-api-key'])).toEqual([SECRET, SECRET]);
    // The body's own headers are the exporter's, whatever the function says.
    expect(receiver.requests[0].contentType).toBe('application/x-protobuf');
    await exporter.shutdown();
  });
});

describe('a headers function that fails fails that attempt only: retried with the backoff, never thrown', () => {
  const once =
    (failure: () => unknown) =>
    (_c: OtlpHeadersContext, n: number): unknown =>
      n === 1 ? failure() : { 'x-api-key': SECRET };
  test.each<[string, () => unknown, RegExp]>([
    [
      'throws',
      () => {
        throw new Error(`vault sealed, key ${SECRET}`);
      },
      /the headers function threw Error \(its message not shown\)/,
    ],
    [
      'rejects',
      () => Promise.reject(Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED' })),
      /the headers function threw TypeError \(ECONNREFUSED\) \(its message not shown\)/,
    ],
    [
      'rejects with a string',
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what an app may do
      () => Promise.reject(SECRET),
      /the headers function threw a value of type string \(its message not shown\)/,
    ],
    ['answers a number', () => 42, /returned number, not an object of header values/],
    ['answers null', () => null, /returned null, not an object/],
    ['answers an array', () => [SECRET], /returned an array/],
    [
      'answers a value that is not text',
      () => ({ 'x-api-key': 7 }),
      /header x-api-key with a value that is not header text/,
    ],
    [
      'answers a value with a line break',
      () => ({ 'x-api-key': `${SECRET}\r\nx-evil: 1` }),
      /header x-api-key with a value that is not header text/,
    ],
    [
      'answers a name that is not a token',
      () => ({ 'bad name': SECRET }),
      /returned an invalid header name \("bad name"\)/,
    ],
    [
      'never answers',
      () => new Promise(() => {}),
      /the headers function gave no answer within 200 ms/,
    ],
  ])('%s', async (_title, failure, cause) => {
    receiver = await startReceiver();
    // Always failing: the export fails with the cause, after every attempt.
    const always = exporterFor(receiver, {
      headers: failure as OtlpHeadersFunction,
      timeoutMillis: 200,
    });
    const failed = await exportOnce(always.exporter, spans);
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(failed.error?.message).toMatch(cause);
    // Lines are redacted as free text: a cause worded so that redaction takes nothing from it.
    expect(redactText(failed.error!.message)).toBe(failed.error!.message);
    expect(receiver.requests).toHaveLength(0);
    // Failing once: the retry delivers.
    const { fn, calls } = recorder(once(failure));
    const recovering = exporterFor(receiver, { headers: fn, timeoutMillis: 200 });
    expect((await exportOnce(recovering.exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(receiver.requests.map((r) => r.headers['x-api-key'])).toEqual([SECRET]);
    for (const text of [failed.error?.message, ...always.lines, ...recovering.lines])
      expect(text).not.toContain(SECRET);
    await Promise.all([always.exporter.shutdown(), recovering.exporter.shutdown()]);
  });
});

describe('401 or 403 from the collector: one refresh, one retry, then the usual failure', () => {
  test.each<[string, number, boolean, string, number[]]>([
    ['401 once: refreshed and delivered', 401, true, 'SUCCESS', [401, 200]],
    ['403 once: refreshed and delivered', 403, true, 'SUCCESS', [403, 200]],
    ['401 for every token: one retry only, then failed', 401, false, 'FAILED', [401, 401]],
  ])('%s', async (_title, status, recovers, outcome, statuses) => {
    let good = 'tok3n-0';
    receiver = await startReceiver({
      respond: (req) => (req.headers.authorization === `Bearer ${good}` ? undefined : { status }),
    });
    const { fn, calls } = recorder((_c, n) => ({
      headers: { authorization: `Bearer tok3n-${n - 1}` },
      ttlMillis: 60_000,
    }));
    const { exporter, lines } = exporterFor(receiver, { headers: fn });
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    good = recovers ? 'tok3n-1' : 'none of them';
    const result = await exportOnce(exporter, spans);
    expect(ExportResultCode[result.code]).toBe(outcome);
    expect(receiver.requests.slice(1).map((r) => r.responseStatus)).toEqual(statuses);
    expect(calls.map((c) => c.refresh)).toEqual([false, true]);
    expect(lines.filter((l) => l.includes('refused the credentials'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^@otelkit/export: .* refused the credentials \\(HTTP ${status}\\); fetching new ones and retrying once$`,
        ),
      ),
    ]);
    await exporter.shutdown();
  });

  test('static headers are not refreshed: a 401 is final at once', async () => {
    receiver = await startReceiver({ respond: () => ({ status: 401 }) });
    const { exporter, lines } = exporterFor(receiver, {
      headers: { authorization: 'Bearer st4tic-t0ken' },
    });
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.FAILED);
    expect(receiver.requests).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  test('the collector accepts only what the function answers now', async () => {
    receiver = await startReceiver({ respond: authChecking((token) => token === 'n0w-valid') });
    const { exporter } = exporterFor(receiver, {
      headers: async () => ({ authorization: 'Bearer n0w-valid' }),
    });
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();
  });
});
