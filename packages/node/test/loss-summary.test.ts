import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createDiagnostics } from '@otelkit/core';
import { startReceiver, type OtlpReceiver, type RespondHook } from '@otelkit/testing';
import { resolveConfig } from '../src/config/resolve-config';
import { createExporter } from '../src/sdk/create-exporter';
import { createExportPipeline, type ExportPipeline } from '../src/sdk/export-pipeline';

// The real pipeline start() builds (OTLP exporter → reporting wrapper → otelkit's batch processor)
// against a real receiver that accepts, refuses (400, not retried) or holds every request.
let receiver: OtlpReceiver;
let mode: 'ok' | 'reject' | 'hold' = 'ok';
const held: Array<() => void> = [];
const respond: RespondHook = () => {
  if (mode === 'reject') return { status: 400 };
  if (mode === 'hold')
    return new Promise<undefined>((resolve) => held.push(() => resolve(undefined)));
  return undefined;
};
const pipelines: ExportPipeline[] = [];
/** These spans come from no instrumentation and nothing is lost: the quiet start-up and context-loss counts stay 0. */
const NOTHING_HELD_BACK = {
  startup: { serving: false, rootTracesNotExported: 0, spansNotExported: 0, spansHeld: 0 },
  contextLoss: [],
};

beforeAll(async () => {
  receiver = await startReceiver({ respond });
});
afterAll(() => receiver.close());
afterEach(async () => {
  mode = 'ok';
  for (const release of held.splice(0)) release();
  await Promise.all(pipelines.splice(0).map((p) => p.processor.shutdown()));
  receiver.clear();
});

/** Batches of `batchSize` leave when full (or on flush); the timer never fires during a test. */
function setup(
  batch: { maxQueueSize: number; maxExportBatchSize: number },
  maxExports = 4,
  level: 'info' | 'warn' = 'info',
) {
  const { config } = resolveConfig(
    { tracesEndpoint: receiver.tracesUrl, batch: { scheduledDelayMillis: 60_000, ...batch } },
    { OTELKIT_BSP_MAX_CONCURRENT_EXPORTS: String(maxExports) },
  );
  const lines: string[] = [];
  const diag = createDiagnostics({
    prefix: '@otelkit/node',
    level,
    write: (line) => lines.push(line),
  });
  const made = createExporter(config, diag)!;
  const pipeline = createExportPipeline(made, config, diag);
  pipelines.push(pipeline);
  const tracer = new BasicTracerProvider({ spanProcessors: [pipeline.processor] }).getTracer('t');
  const endSpans = (n: number, error = false) => {
    for (let i = 0; i < n; i++) {
      const span = tracer.startSpan(error ? 'failing' : `span-${i}`);
      if (error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
  const summary = (lost: number, ended: number, failed: number) =>
    `${lost} spans could not be delivered to ${made.target} since start ` +
    `(of ${ended}: ${failed} in failed exports, ${lost - failed} dropped by a full queue or unsent at exit)`;
  return { pipeline, lines, endSpans, summary, target: made.target };
}

/** One batch of 4 on the wire (unanswered), 4 queued: the queue is full. */
async function fillWhileCollectorHolds() {
  mode = 'hold';
  const t = setup({ maxQueueSize: 4, maxExportBatchSize: 4 }, 1);
  t.endSpans(8);
  await until(() => held.length === 1);
  return t;
}

/** Lets the held request and every later one through, and waits for the queue to empty. */
async function collectorRecovers(pipeline: ExportPipeline) {
  mode = 'ok';
  for (const release of held.splice(0)) release();
  await pipeline.processor.forceFlush();
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('loss summary and stats from the batch processor', () => {
  test('a collector refusing every export: its spans are "in failed exports", and the warning counts them', async () => {
    mode = 'reject';
    const { pipeline, lines, endSpans, summary, target } = setup(
      { maxQueueSize: 100, maxExportBatchSize: 10 },
      1, // one export at a time: the batch of 10 fails first
    );
    endSpans(13);
    await pipeline.processor.forceFlush();
    expect(pipeline.stats()).toEqual({
      ...NOTHING_HELD_BACK,
      ended: 13,
      exported: 0,
      failed: 13,
      failedRequests: 2,
    });
    expect(pipeline.lossSummary()).toBe(summary(13, 13, 13));
    const warnings = lines.filter((l) => l.includes('could not export'));
    // warnOnce: the second failed batch is held back; the first already counts itself.
    expect(warnings).toEqual([
      `@otelkit/node: could not export 10 spans to ${target}: HTTP 400; 10 spans not delivered since start`,
    ]);
    // The failure line names the cause: the processor adds no drop summary of its own for it.
    expect(lines.filter((l) => l.startsWith('@otelkit/export:'))).toEqual([]);
    // The held-back failure lost 3 more than the line said: the exit summary gives the final total.
    expect(pipeline.exitSummary()).toBe(summary(13, 13, 13));
  });

  test('the exit summary is left out when the last line already stated the same total', async () => {
    mode = 'reject';
    const { pipeline, lines, endSpans } = setup({ maxQueueSize: 100, maxExportBatchSize: 10 }, 1);
    endSpans(10);
    await pipeline.processor.forceFlush();
    expect(lines).toEqual([expect.stringMatching(/; 10 spans not delivered since start$/)]);
    await pipeline.processor.shutdown();
    expect(pipeline.lossSummary()).toBeDefined();
    expect(pipeline.exitSummary()).toBeUndefined();
  });

  test('spans lost by a full queue still get a drop line and the exit summary', async () => {
    const { pipeline, lines, endSpans, summary } = await fillWhileCollectorHolds();
    endSpans(2); // no room: refused
    expect(lines).toEqual([
      '@otelkit/node: 1 spans dropped since start (queue_full: the queue was full); 1 spans not delivered since start',
    ]);
    await collectorRecovers(pipeline);
    expect(pipeline.exitSummary()).toBe(summary(2, 10, 0));
  });

  test('spans refused by a full queue count as dropped; queued and in-flight ones as unsent until delivered', async () => {
    const { pipeline, endSpans, summary } = await fillWhileCollectorHolds();
    endSpans(2); // no room: refused
    expect(pipeline.processor.stats().dropped.queue_full).toBe(2);
    expect(pipeline.stats()).toEqual({
      ...NOTHING_HELD_BACK,
      ended: 10,
      exported: 0,
      failed: 0,
      failedRequests: 0,
    });
    expect(pipeline.lossSummary()).toBe(summary(10, 10, 0));

    await collectorRecovers(pipeline);
    expect(receiver.spans).toHaveLength(8);
    expect(pipeline.stats()).toEqual({
      ...NOTHING_HELD_BACK,
      ended: 10,
      exported: 8,
      failed: 0,
      failedRequests: 0,
    });
    expect(pipeline.lossSummary()).toBe(summary(2, 10, 0));
  });

  test('an ERROR span at a full queue pushes out the oldest: one span lost, the ERROR span counted once', async () => {
    const { pipeline, endSpans, summary } = await fillWhileCollectorHolds();
    endSpans(1, true);
    // The pushed-out span is dropped after it was queued, the ERROR span queued: 9 ended, not 10.
    expect(pipeline.processor.stats()).toMatchObject({ queued: 9, queueSize: 4 });
    expect(pipeline.stats()).toEqual({
      ...NOTHING_HELD_BACK,
      ended: 9,
      exported: 0,
      failed: 0,
      failedRequests: 0,
    });

    await collectorRecovers(pipeline);
    expect(receiver.spans.filter((s) => s.status.code === SpanStatusCode.ERROR)).toHaveLength(1);
    expect(receiver.spans).toHaveLength(8);
    expect(pipeline.lossSummary()).toBe(summary(1, 9, 0));
  });

  test('nothing lost: no summary, no warning, ended equals exported; the first delivery gets one line', async () => {
    const { pipeline, lines, endSpans, target } = setup({
      maxQueueSize: 100,
      maxExportBatchSize: 10,
    });
    endSpans(25);
    await pipeline.processor.forceFlush();
    expect(receiver.spans).toHaveLength(25);
    expect(pipeline.stats()).toEqual({
      ...NOTHING_HELD_BACK,
      ended: 25,
      exported: 25,
      failed: 0,
      failedRequests: 0,
    });
    expect(pipeline.lossSummary()).toBeUndefined();
    await pipeline.processor.shutdown();
    expect(pipeline.lossSummary()).toBeUndefined();
    expect(lines).toEqual([`@otelkit/node: first spans delivered to ${target} (10 spans)`]);
  });

  test('a collector that refused exports and accepts again: one line when it works again, with the loss so far', async () => {
    mode = 'reject';
    const { pipeline, lines, endSpans, target } = setup(
      { maxQueueSize: 100, maxExportBatchSize: 10 },
      1,
    );
    endSpans(10);
    await pipeline.processor.forceFlush();
    mode = 'ok';
    endSpans(20);
    await pipeline.processor.forceFlush();
    expect(lines).toEqual([
      expect.stringContaining(`could not export 10 spans to ${target}: `),
      `@otelkit/node: export to ${target} works again (10 spans delivered); 10 spans not delivered since start`,
    ]);
    // The last line said 10 were lost, and nothing was lost since: no summary at exit.
    await pipeline.processor.shutdown();
    expect(pipeline.exitSummary()).toBeUndefined();
  });
  test('at log level warn the "works again" line is hidden, so the exit summary still gives the loss', async () => {
    mode = 'reject';
    const { pipeline, lines, endSpans, summary } = setup(
      { maxQueueSize: 100, maxExportBatchSize: 10 },
      1,
      'warn',
    );
    endSpans(15); // two failed batches: the second one's line is held back (once a minute)
    await pipeline.processor.forceFlush();
    mode = 'ok';
    endSpans(20);
    await pipeline.processor.forceFlush();
    await pipeline.processor.shutdown();
    // Printed: only the first failure (10). The "works again" line would have said 15, but nobody saw it.
    expect(lines).toEqual([expect.stringMatching(/; 10 spans not delivered since start$/)]);
    expect(pipeline.exitSummary()).toBe(summary(15, 35, 15));
  });
});
