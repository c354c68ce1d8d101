import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createDiagnostics } from '@otelkit/core';
import {
  OtelkitBatchSpanProcessor,
  OtlpHttpSpanExporter,
  reportExportEvents,
  type ExportEvent,
} from '@otelkit/export';
import { startReceiver } from '@otelkit/testing';
import { tracingWith } from './helpers/tracing';

/** A reporter writing into `lines`, at `level`, with `lost` as the running total of undelivered spans. */
function reporter(level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  let at = 0;
  const diagnostics = createDiagnostics({
    prefix: '@otelkit/node',
    level,
    write: (line) => void lines.push(line),
    now: () => at,
  });
  let lost = 0;
  const report = reportExportEvents({
    diagnostics,
    target: 'http://c:4318/v1/traces (http/protobuf)',
    undelivered: () => lost,
  });
  const send = (event: ExportEvent) => {
    if (event.type !== 'delivered') lost += event.spans;
    report(event);
  };
  const later = (millis: number) => void (at += millis);
  return { report, lines, send, later };
}

const failure = (spans: number, cause: string, error?: Error): ExportEvent => ({
  type: 'export-failed',
  spans,
  cause,
  error,
});

describe('reportExportEvents: one line per distinct problem', () => {
  test('the first delivery, then a failure, then recovery: one line each, with the loss so far', () => {
    const { lines, send, report } = reporter();
    send({ type: 'delivered', spans: 5 });
    send({ type: 'delivered', spans: 7 });
    send(failure(10, 'HTTP 503'));
    send({ type: 'delivered', spans: 3 });
    expect(lines).toEqual([
      '@otelkit/node: first spans delivered to http://c:4318/v1/traces (http/protobuf) (5 spans)',
      '@otelkit/node: could not export 10 spans to http://c:4318/v1/traces (http/protobuf): HTTP 503; 10 spans not delivered since start',
      '@otelkit/node: export to http://c:4318/v1/traces (http/protobuf) works again (3 spans delivered); 10 spans not delivered since start',
    ]);
    expect(report.reportedLoss()).toBe(10);
  });

  test('failures of one kind (the same cause but for numbers and ids) print once a minute; another kind prints', () => {
    const { lines, send, report, later } = reporter();
    send(failure(10, 'connect ECONNREFUSED 127.0.0.1:4318'));
    send(failure(10, 'connect ECONNREFUSED 127.0.0.1:4319'));
    send(failure(4, 'HTTP 400 (bad request)'));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /could not export 4 spans .*: HTTP 400 \(bad request\); 24 spans not delivered/,
    );
    // The line held back stated no total: the last printed one did.
    expect(report.reportedLoss()).toBe(24);
    later(61_000);
    send(failure(10, 'connect ECONNREFUSED 127.0.0.1:4318'));
    expect(lines[2]).toMatch(/34 spans not delivered since start \(1 similar in the last 61s\)$/);
  });

  test('drops: at most one line a minute per reason, with that reason’s running total', () => {
    const { lines, send, later } = reporter();
    for (let i = 0; i < 100; i++) send({ type: 'dropped', reason: 'queue_full', spans: 1 });
    send({ type: 'dropped', reason: 'shutdown_timeout', spans: 40 });
    later(60_000);
    send({ type: 'dropped', reason: 'queue_full', spans: 1 });
    expect(lines).toEqual([
      '@otelkit/node: 1 spans dropped since start (queue_full: the queue was full); 1 spans not delivered since start',
      '@otelkit/node: 40 spans dropped since start (shutdown_timeout: still queued when shutdown gave up); 140 spans not delivered since start',
      '@otelkit/node: 101 spans dropped since start (queue_full: the queue was full); 141 spans not delivered since start (99 similar in the last 60s)',
    ]);
  });

  test('a line the log level hides is not remembered as stated: the exit summary still says it', () => {
    const { lines, send, report } = reporter('warn');
    send(failure(10, 'HTTP 503'));
    send({ type: 'delivered', spans: 3 });
    expect(lines).toHaveLength(1);
    expect(report.reportedLoss()).toBe(10);
  });

  test('errors of failed exports are remembered, for a global error handler to skip', () => {
    const { send, report } = reporter();
    const error = new Error('boom');
    send(failure(1, 'boom', error));
    expect(report.wasReported(error)).toBe(true);
    expect(report.wasReported(new Error('boom'))).toBe(false);
    expect(report.wasReported(undefined)).toBe(false);
  });
});

describe('the processor runs exports with tracing suppressed', () => {
  // What a registered SDK has: without a context manager there is no active context to suppress.
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  test.each(['export', 'exportRequest'] as const)(
    'a span an exporter starts in %s() is not recorded',
    async (call) => {
      const provider = new BasicTracerProvider();
      const tracer = provider.getTracer('inside-export');
      const inner: Array<{ recording: boolean; sampled: boolean }> = [];
      const record = () => {
        // The active context, as an instrumented HTTP client would use it.
        const span = tracer.startSpan('exporter-http-call');
        inner.push({
          recording: span.isRecording(),
          sampled: (span.spanContext().traceFlags & 1) === 1,
        });
        span.end();
      };
      const done = { code: ExportResultCode.SUCCESS };
      const exporter: SpanExporter = {
        export: (_spans, callback) => {
          record();
          callback(done);
        },
        shutdown: () => Promise.resolve(),
      };
      const encoding = {
        ...exporter,
        bytesPerSpan: 0,
        stopRetrying: () => undefined,
        openRequest: () => ({
          count: 0,
          bytes: 0,
          add() {
            this.count++;
          },
          dropOldestNonError: () => false,
          settling: () => undefined,
        }),
        exportRequest: (_request: unknown, callback: (result: typeof done) => void) => {
          record();
          callback(done);
        },
      };
      const processor = new OtelkitBatchSpanProcessor(
        call === 'export' ? exporter : encoding,
        { maxExportBatchSize: 1, onEvent: () => undefined },
        {},
      );
      // Ended inside an active, sampled span: the export must not inherit that context either.
      const app = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('app');
      app.startActiveSpan('request', (span) => {
        app.startSpan('child').end();
        span.end();
      });
      await processor.forceFlush();
      expect(inner.length).toBeGreaterThan(0);
      expect(inner.every((s) => !s.recording && !s.sampled)).toBe(true);
      expect(trace.getActiveSpan()).toBeUndefined();
      await processor.shutdown();
    },
  );
});

describe('nothing the export path prints carries a credential', () => {
  test('userinfo, a query token, header values and a 401 body echoing them stay out of every line', async () => {
    const receiver = await startReceiver({
      respond: (request) => ({
        status: 401,
        body: `unauthorized: authorization=${request.headers['authorization']} x-team=${request.headers['x-team']} ${'!'.repeat(300)}`,
      }),
    });
    const lines: string[] = [];
    const diagnostics = createDiagnostics({
      prefix: '@otelkit/test',
      level: 'all',
      write: (line) => void lines.push(line),
    });
    const url = new URL(receiver.tracesUrl);
    url.username = 'user';
    url.password = 'pa55word';
    url.searchParams.set('api_key', 'q-t0ken');
    const exporter = new OtlpHttpSpanExporter(
      {
        url: url.href,
        retry: { maxAttempts: 1 },
        headers: { authorization: 'Bearer b3arer-t0ken', 'x-team': 'team-s3cret' },
        diagnostics,
      },
      {},
    );
    const processor = new OtelkitBatchSpanProcessor(
      exporter,
      { maxExportBatchSize: 2, diagnostics },
      {},
    );
    tracingWith(processor).endSpans(4);
    await processor.forceFlush();
    await processor.shutdown();
    await receiver.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^@otelkit\/export: could not export 2 spans to http:\/\/\*\*\*@127\.0\.0\.1:\d+\/v1\/traces\?api_key=\*\*\* \(http\/protobuf\): HTTP 401 \(unauthorized: /,
    );
    for (const secret of ['pa55word', 'q-t0ken', 'b3arer-t0ken', 'team-s3cret'])
      expect(lines.join('\n')).not.toContain(secret);
    expect(lines[0]!.length).toBeLessThan(400);
  });
});
