import {
  OtelkitBatchSpanProcessor,
  OtlpHttpSpanExporter,
  type BatchProcessorOptions,
  type EncodingSpanExporter,
  type ExportEvent,
} from '@otelkit/export';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startReceiver, type OtlpReceiver, type RespondHook } from '@otelkit/testing';
import { tracingWith, until } from './helpers/tracing';

let receiver: OtlpReceiver;
const held: Array<() => void> = [];
let mode: 'ok' | 'hold' | 'reject' = 'ok';
const respond: RespondHook = () => {
  if (mode === 'reject') return { status: 400 };
  if (mode === 'hold')
    return new Promise<undefined>((resolve) => held.push(() => resolve(undefined)));
  return undefined;
};
const release = () => {
  for (const r of held.splice(0)) r();
};

beforeAll(async () => {
  receiver = await startReceiver({ respond });
});
afterAll(() => receiver.close());
beforeEach(() => {
  mode = 'ok';
  receiver.clear();
});
afterEach(release);

/**
 * Which path the processor takes: 'eager' (the exporter builds requests as spans end) or 'batch' (the
 * same exporter with an `openRequest` that opens none, so it gets whole batches through `export()`).
 */
let path: 'eager' | 'batch' = 'eager';

function onPath(exporter: OtlpHttpSpanExporter): EncodingSpanExporter {
  if (path === 'eager') return exporter;
  return {
    export: (spans, done) => exporter.export(spans, done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
    openRequest: () => undefined,
    exportRequest: (request, done) => exporter.exportRequest(request, done),
    stopRetrying: () => exporter.stopRetrying(),
    get bytesPerSpan() {
      return exporter.bytesPerSpan;
    },
  };
}

function setup(options: BatchProcessorOptions = {}, env: Record<string, string> = {}) {
  const exporter = new OtlpHttpSpanExporter(
    { url: receiver.tracesUrl, retry: { maxAttempts: 1 } },
    {},
  );
  const warnings: string[] = [];
  const processor = new OtelkitBatchSpanProcessor(
    onPath(exporter),
    { scheduledDelayMillis: 60000, onWarning: (m) => warnings.push(m), ...options },
    env,
  );
  return { processor, exporter, warnings, ...tracingWith(processor) };
}

const noopProcessor = {
  onStart() {},
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A collector that never answers; batches of 10, one at a time. */
function hungCollector(exportTimeoutMillis: number) {
  mode = 'hold';
  return setup({ maxExportBatchSize: 10, maxConcurrentExports: 1, exportTimeoutMillis });
}

function commonTests(): void {
  test('a full batch leaves at once as one request, without waiting for the timer', async () => {
    const { processor, endSpans } = setup({ maxExportBatchSize: 100 });
    endSpans(250);
    await receiver.waitForSpans(200);
    expect(receiver.requests.map((r) => r.spanCount)).toEqual([100, 100]);
    expect(processor.stats().queueSize).toBe(50);
    await processor.shutdown();
  });

  test('a partial batch leaves when the schedule delay passes', async () => {
    const { processor, endSpans } = setup({ scheduledDelayMillis: 30, maxExportBatchSize: 100 });
    endSpans(7);
    await until(() => processor.stats().exported === 7);
    expect(receiver.requests).toHaveLength(1);
    expect(processor.stats()).toMatchObject({ queued: 7, exported: 7, queueSize: 0 });
    await processor.shutdown();
  });

  test('forceFlush exports every queued span across several batches', async () => {
    const { processor, endSpans } = setup({ maxExportBatchSize: 64, maxQueueSize: 1000 });
    endSpans(500);
    await processor.forceFlush();
    expect(receiver.spans).toHaveLength(500);
    expect(processor.stats()).toMatchObject({ exported: 500, queueSize: 0, inFlight: 0 });
    await processor.shutdown();
  });

  test('no more than maxConcurrentExports requests are in flight', async () => {
    mode = 'hold';
    const { processor, endSpans } = setup({ maxExportBatchSize: 10, maxConcurrentExports: 2 });
    endSpans(100);
    await until(() => receiver.requests.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.requests).toHaveLength(2);
    expect(processor.stats()).toMatchObject({ inFlight: 2, queueSize: 80 });
    mode = 'ok';
    release();
    await processor.forceFlush();
    expect(receiver.spans).toHaveLength(100);
  });

  test('a full queue drops new spans and counts each as queue_full; errors push out the oldest', async () => {
    mode = 'hold';
    const { processor, endSpans, warnings } = setup({
      maxQueueSize: 50,
      maxExportBatchSize: 10,
      maxConcurrentExports: 1,
    });
    endSpans(10);
    await until(() => receiver.requests.length === 1);
    endSpans(80);
    endSpans(5, { error: true });
    const stats = processor.stats();
    expect(stats.queueSize).toBe(50);
    expect(stats.dropped.queue_full).toBe(30 + 5);
    expect(stats.queued).toBe(10 + 50 + 5);
    // One line per reason a minute, however many spans.
    expect(warnings).toEqual([
      '@otelkit/export: 1 spans dropped since start (queue_full: the queue was full); 1 spans not delivered since start',
    ]);
    mode = 'ok';
    release();
    await processor.shutdown();
    const names = receiver.spans.map((s) => s.status.code);
    expect(names.filter((code) => code === 2)).toHaveLength(5);
    expect(receiver.spans).toHaveLength(60);
  });

  test('an ERROR span takes the place of the oldest span without ERROR status, never of another error', async () => {
    mode = 'hold';
    const { processor, endSpans } = setup({
      maxQueueSize: 20,
      maxExportBatchSize: 10,
      maxConcurrentExports: 1,
    });
    endSpans(10); // in flight, held
    await until(() => receiver.requests.length === 1);
    endSpans(5, { error: true, prefix: 'e1' });
    endSpans(15, { prefix: 'ok' }); // the queue is full now
    endSpans(10, { error: true, prefix: 'e2' }); // push out ok-0 … ok-9
    endSpans(7, { error: true, prefix: 'e3' }); // push out ok-10 … ok-14, then nothing but errors is left
    endSpans(3, { prefix: 'late' });
    expect(processor.stats().queueSize).toBe(20);
    expect(processor.stats().dropped.queue_full).toBe(10 + 7 + 3);
    mode = 'ok';
    release();
    await processor.shutdown();
    const names = receiver.spans.map((s) => s.name).sort();
    const named = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    expect(names).toEqual(
      [...named('span', 10), ...named('e1', 5), ...named('e2', 10), ...named('e3', 5)].sort(),
    );
  });

  test('failed exports count their spans as export_failed, with one line naming the target and the cause', async () => {
    mode = 'reject';
    const { processor, endSpans, warnings } = setup({ maxExportBatchSize: 10 });
    endSpans(25);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ exported: 0, failedExports: 3 });
    expect(processor.stats().dropped.export_failed).toBe(25);
    const target = path === 'eager' ? `${receiver.tracesUrl} (http/protobuf)` : 'the exporter';
    expect(warnings).toEqual([
      `@otelkit/export: could not export 10 spans to ${target}: HTTP 400; 10 spans not delivered since start`,
    ]);
    await processor.shutdown();
  });

  test('with onEvent, every outcome is a typed event and the processor prints nothing', async () => {
    mode = 'reject';
    const events: ExportEvent[] = [];
    const { processor, endSpans, warnings } = setup({
      maxExportBatchSize: 10,
      maxQueueSize: 10,
      maxConcurrentExports: 1,
      onEvent: (event) => events.push(event),
    });
    endSpans(25);
    await processor.forceFlush();
    mode = 'ok';
    endSpans(3);
    await processor.forceFlush();
    expect(warnings).toEqual([]);
    const failed = events.filter((e) => e.type === 'export-failed');
    expect(failed.map((e) => e.spans)).toEqual([10, 10]);
    expect(failed[0]).toMatchObject({ cause: 'HTTP 400', error: expect.any(Error) });
    expect(events.filter((e) => e.type === 'dropped')).toEqual(
      Array.from({ length: 5 }, () => ({ type: 'dropped', reason: 'queue_full', spans: 1 })),
    );
    expect(events.filter((e) => e.type === 'delivered')).toEqual([{ type: 'delivered', spans: 3 }]);
    await processor.shutdown();
  });

  test('large spans lower the queue bound to stay under maxQueueBytes', async () => {
    mode = 'hold';
    const { processor, endSpans } = setup({
      maxQueueBytes: 64 * 1024,
      maxExportBatchSize: 10,
      maxConcurrentExports: 1,
    });
    endSpans(10, { attrBytes: 4000 });
    await until(() => receiver.requests.length === 1);
    endSpans(100, { attrBytes: 4000 });
    const stats = processor.stats();
    expect(stats.queueSize).toBeLessThanOrEqual(16);
    expect(stats.dropped.bytes_limit).toBe(100 - stats.queueSize);
    mode = 'ok';
    release();
    await processor.shutdown();
  });

  test('shutdown exports what is queued, then refuses and counts new spans', async () => {
    const { processor, endSpans } = setup({ maxExportBatchSize: 1000 });
    endSpans(300);
    await processor.shutdown();
    expect(receiver.spans).toHaveLength(300);
    endSpans(4);
    expect(processor.stats().dropped.already_shutdown).toBe(4);
    await processor.shutdown(); // idempotent
  });

  test('shutdown gives up at the deadline with a hung collector and counts what it could not send', async () => {
    const { processor, endSpans } = hungCollector(200);
    endSpans(30);
    await processor.shutdown();
    const { dropped, exported, queued } = processor.stats();
    expect(exported).toBe(0);
    expect(dropped.export_timeout + dropped.shutdown_timeout).toBe(queued);
  });

  test('unsampled spans are ignored', async () => {
    const { processor } = setup();
    const { provider } = tracingWith(processor);
    const tracer = provider.getTracer('t');
    const span = tracer.startSpan('x');
    Object.defineProperty(span, 'spanContext', {
      value: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 0 }),
    });
    span.end();
    expect(processor.stats().queued).toBe(0);
    await processor.shutdown();
  });

  test('collector down: spans are dropped and counted, none silently; collector back: export resumes', async () => {
    const down = await startReceiver();
    const url = down.tracesUrl;
    await down.close();
    const exporter = new OtlpHttpSpanExporter({ url, retry: { maxAttempts: 1 } }, {});
    const processor = new OtelkitBatchSpanProcessor(onPath(exporter), {
      maxQueueSize: 500,
      maxExportBatchSize: 100,
      onWarning: () => undefined,
    });
    const { endSpans } = tracingWith(processor);
    for (let i = 0; i < 20; i++) {
      endSpans(1000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await processor.forceFlush();
    const stats = processor.stats();
    const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    expect(stats.exported).toBe(0);
    expect(stats.queued + stats.dropped.queue_full).toBe(20000);
    expect(stats.exported + dropped + stats.queueSize).toBe(20000);
    const back = await startReceiver({ port: Number(new URL(url).port) });
    try {
      endSpans(150);
      await processor.forceFlush();
      expect(back.spans).toHaveLength(150);
    } finally {
      await processor.shutdown();
      await back.close();
    }
  });

  test('a resource still detecting async attributes is exported once they settle, with them', async () => {
    const { resourceFromAttributes } = await import('@opentelemetry/resources');
    const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
    let settle: (value: string) => void = () => undefined;
    const resource = resourceFromAttributes({
      'service.name': 'async',
      'host.id': new Promise<string>((resolve) => (settle = resolve)),
    });
    const { processor } = setup({ maxExportBatchSize: 1 });
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [processor] }).getTracer(
      't',
    );
    tracer.startSpan('waits').end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.spans).toHaveLength(0);
    settle('host-1');
    await receiver.waitForSpans(1);
    expect(receiver.spans[0].resource['host.id']).toBe('host-1');
    await processor.shutdown();
  });

  test('an export with no answer within exportTimeoutMillis counts as export_timeout and frees its slot', async () => {
    const { processor, endSpans } = hungCollector(150);
    endSpans(10);
    await until(() => processor.stats().dropped.export_timeout === 10);
    expect(processor.stats()).toMatchObject({ inFlight: 0, failedExports: 1, exported: 0 });
    mode = 'ok';
    endSpans(10);
    await until(() => processor.stats().exported === 10);
    expect(receiver.spans.length).toBeGreaterThanOrEqual(10);
    await processor.shutdown();
  });

  test('spans keep their order when a batch wraps around the end of the ring', async () => {
    const { processor, endSpans } = setup({ maxExportBatchSize: 4, maxQueueSize: 10 });
    // Batches start at ring slots 0, 4, 8 (wraps to 0-1), 2, 6 (wraps at 10), 0.
    for (let k = 1; k <= 6; k++) {
      endSpans(4);
      await until(() => processor.stats().exported === 4 * k);
    }
    expect(receiver.requests.map((r) => r.spanCount)).toEqual([4, 4, 4, 4, 4, 4]);
    const names = receiver.spans.map((s) => s.name);
    expect(names).toEqual(Array.from({ length: 24 }, (_, i) => `span-${i % 4}`));
    await processor.shutdown();
  });
}

describe.each(['eager', 'batch'] as const)('%s path', (which) => {
  beforeAll(() => {
    path = which;
  });
  commonTests();
});

/**
 * A 64 KiB byte bound with one 10-span batch held by the collector, then `n` small spans (~60 encoded
 * bytes each) ended in one turn and a turn of the loop: what the processor kept and dropped.
 */
async function pastTheByteBound(n: number) {
  mode = 'hold';
  const { processor, endSpans } = setup({
    maxQueueBytes: 64 * 1024,
    maxExportBatchSize: 10,
    maxConcurrentExports: 1,
  });
  endSpans(10);
  await until(() => receiver.requests.length === 1);
  endSpans(n);
  await new Promise((resolve) => setImmediate(resolve));
  const stats = processor.stats();
  expect(stats.dropped.bytes_limit).toBe(n - stats.queueSize);
  mode = 'ok';
  release();
  await processor.shutdown();
  expect(receiver.spans).toHaveLength(10 + stats.queueSize);
  return stats.queueSize;
}

describe('batch path', () => {
  beforeAll(() => {
    path = 'batch';
  });
  test('a queue bound of a million spans costs no memory until spans fill it', () => {
    fullGc();
    const before = process.memoryUsage().heapUsed;
    const { processor } = setup({ maxQueueSize: 1_000_000 });
    fullGc();
    // Preallocated, the ring alone took 8 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2 * 1024 * 1024);
    expect(processor.config.maxQueueSize).toBe(1_000_000);
    return processor.shutdown();
  });

  test('the ring grows with a backlog, wrapped or not, and keeps every span in order', async () => {
    mode = 'hold';
    const { processor, endSpans } = setup({
      maxQueueSize: 5000,
      maxExportBatchSize: 10,
      maxConcurrentExports: 1,
    });
    endSpans(10, { prefix: 'first' }); // in flight, held
    await until(() => receiver.requests.length === 1);
    endSpans(1500, { prefix: 'a' });
    endSpans(1500, { prefix: 'b' });
    expect(processor.stats()).toMatchObject({ queueSize: 3000, dropped: { queue_full: 0 } });
    mode = 'ok';
    release();
    await processor.forceFlush();
    const names = receiver.spans.map((s) => s.name);
    const named = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    expect(names).toEqual([...named('first', 10), ...named('a', 1500), ...named('b', 1500)]);
    await processor.shutdown();
  });

  test('the byte bound counts the SDK objects a queued span holds, not only its encoded bytes', async () => {
    // By encoded size alone ~1,000 would fit in 64 KiB.
    const kept = await pastTheByteBound(1000);
    expect(kept).toBeGreaterThan(40);
    expect(kept).toBeLessThanOrEqual(Math.floor((64 * 1024) / 800));
  });
});

describe('eager path', () => {
  beforeAll(() => {
    path = 'eager';
  });
  test('queued spans are held as encoded bytes, and the byte bound counts those', async () => {
    // Far more than the ~80 that fit when each counts as an SDK object.
    const kept = await pastTheByteBound(2000);
    expect(kept).toBeGreaterThan(500);
    expect(kept).toBeLessThanOrEqual(Math.ceil((64 * 1024) / 50));
  });

  test('a span is encoded within onEnd: the processor keeps no reference to the SDK object', async () => {
    const { processor } = setup({ maxExportBatchSize: 100 });
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('t');
    // Queued before the span ends: it runs before any work the processor defers to the next turn.
    const collected = new Promise<boolean>((resolve) =>
      setImmediate(() => {
        fullGc();
        resolve(ended.deref() === undefined);
      }),
    );
    const ended = (() => {
      const span = tracer.startSpan('short-lived');
      span.end();
      return new WeakRef(span);
    })();
    expect(await collected).toBe(true);
    expect(processor.stats().queueSize).toBe(1);
    await processor.forceFlush();
    expect(receiver.spans.map((s) => s.name)).toEqual(['short-lived']);
  });

  test('with no batch size set, a request holds 2048 spans (the batch path: 512)', async () => {
    const sizes: Record<string, number[]> = {};
    for (const which of ['eager', 'batch'] as const) {
      path = which;
      receiver.clear();
      const { processor, endSpans } = setup();
      endSpans(2047);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The timer is a minute away: nothing leaves before a request is full.
      if (which === 'eager') expect(receiver.requests).toHaveLength(0);
      endSpans(1);
      await until(() => receiver.spans.length >= 2048);
      sizes[which] = receiver.requests.map((r) => r.spans.length);
      await processor.shutdown();
    }
    path = 'eager';
    expect(sizes).toEqual({ eager: [2048], batch: [512, 512, 512, 512] });
  });

  test('a request closes at 1 MiB of encoded spans, short of its batch', async () => {
    const { processor, endSpans } = setup();
    // ~20 KiB each: ~51 make a MiB; the byte bound (8 MiB) leaves room for ~400.
    endSpans(120, { attrBytes: 20 * 1024 });
    await until(() => receiver.requests.length >= 2);
    for (const request of receiver.requests.slice(0, 2)) {
      expect(request.spans.length).toBeGreaterThan(45);
      expect(request.spans.length).toBeLessThan(55);
      expect(request.body.length).toBeGreaterThanOrEqual(1024 * 1024);
      expect(request.body.length).toBeLessThan(1024 * 1024 + 21 * 1024);
    }
    expect(processor.stats().dropped).toMatchObject({ queue_full: 0, bytes_limit: 0 });
    await processor.forceFlush();
    expect(receiver.spans).toHaveLength(120);
  });

  test('a span the encoder fails on partway is left out and counted; the request stays valid', async () => {
    const { processor, endSpans } = setup({ maxExportBatchSize: 3 });
    const spans: ReadableSpan[] = [];
    const other = new BasicTracerProvider({
      spanProcessors: [{ ...noopProcessor, onEnd: (s: ReadableSpan) => spans.push(s) }],
    });
    other.getTracer('t').startSpan('broken').end();
    // Ids, name and times are written before the event's missing time throws.
    const broken = Object.create(spans[0], { events: { value: [{ name: 'e', time: undefined }] } });
    endSpans(1);
    processor.onEnd(broken);
    endSpans(2);
    await processor.forceFlush();
    expect(processor.stats().dropped.export_failed).toBe(1);
    expect(receiver.spans.map((s) => s.name)).toEqual(['span-0', 'span-0', 'span-1']);
  });
});

describe('maxQueueSize unset: the byte bound limits encoded spans, the count of 4096 SDK spans', () => {
  test.each([
    ['eager', 0],
    ['batch', 10_000 - 512 - 4096],
  ] as const)(
    '%s path: 10,000 spans in one turn behind a held export, %d dropped',
    async (which, dropped) => {
      path = which;
      mode = 'hold';
      const { processor, endSpans } = setup({ maxConcurrentExports: 1 });
      endSpans(10_000);
      await until(() => receiver.requests.length === 1);
      expect(processor.stats().dropped).toMatchObject({ queue_full: dropped, bytes_limit: 0 });
      mode = 'ok';
      release();
      await processor.shutdown();
      expect(receiver.spans).toHaveLength(10_000 - dropped);
    },
  );
});
