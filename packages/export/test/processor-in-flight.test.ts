import {
  OtelkitBatchSpanProcessor,
  OtlpHttpSpanExporter,
  type BatchProcessorOptions,
  type BatchProcessorStats,
} from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { tracingWith, until } from './helpers/tracing';

// The collector answers when the test says so, which is when the exporter's callback runs.
let receiver: OtlpReceiver;
let answer: 'ok' | 'hold' | 'reject' = 'ok';
const held: Array<() => void> = [];
const answerHeld = () => {
  for (const reply of held.splice(0)) reply();
};

beforeAll(async () => {
  receiver = await startReceiver({
    respond: () => {
      if (answer === 'reject') return { status: 400 };
      if (answer === 'ok') return undefined;
      return new Promise<undefined>((resolve) => held.push(() => resolve(undefined)));
    },
  });
});
afterAll(() => receiver.close());
afterEach(answerHeld);

function setup(options: BatchProcessorOptions) {
  const exporter = new OtlpHttpSpanExporter(
    { url: receiver.tracesUrl, retry: { maxAttempts: 1 } },
    {},
  );
  const processor = new OtelkitBatchSpanProcessor(exporter, {
    scheduledDelayMillis: 60000,
    maxExportBatchSize: 10,
    onWarning: () => undefined,
    ...options,
  });
  return { processor, ...tracingWith(processor) };
}

/** Where every queued span is now: exported, lost after queueing, in flight or still queued. */
function accountedFor(stats: BatchProcessorStats): number {
  const { export_failed, export_timeout, shutdown_timeout } = stats.dropped;
  const lost = export_failed + export_timeout + shutdown_timeout;
  return stats.exported + lost + stats.inFlightSpans + stats.queueSize;
}

test('stats().inFlightSpans counts the spans of unanswered exports, batch by batch as answers come', async () => {
  answer = 'hold';
  const { processor, endSpans } = setup({ maxConcurrentExports: 2 });
  endSpans(35);
  let stats = processor.stats();
  expect(stats).toMatchObject({ inFlight: 2, inFlightSpans: 20, queueSize: 15, exported: 0 });
  expect(accountedFor(stats)).toBe(35);

  // Both answered: one more full batch leaves, the 5 left wait for the timer.
  await until(() => held.length === 2);
  answerHeld();
  await until(() => processor.stats().exported === 20);
  stats = processor.stats();
  expect(stats).toMatchObject({ inFlight: 1, inFlightSpans: 10, queueSize: 5 });
  expect(accountedFor(stats)).toBe(35);

  answer = 'ok';
  answerHeld();
  await processor.forceFlush();
  stats = processor.stats();
  expect(stats).toMatchObject({ inFlight: 0, inFlightSpans: 0, queueSize: 0, exported: 35 });
  expect(accountedFor(stats)).toBe(stats.queued);
  await processor.shutdown();
});

test('spans of a failed export leave inFlightSpans as export_failed', async () => {
  answer = 'reject';
  const { processor, endSpans } = setup({ maxConcurrentExports: 1 });
  endSpans(25);
  expect(processor.stats().inFlightSpans).toBe(10);
  await processor.forceFlush();
  const stats = processor.stats();
  expect(stats).toMatchObject({ inFlightSpans: 0, exported: 0 });
  expect(stats.dropped.export_failed).toBe(25);
  expect(accountedFor(stats)).toBe(25);
  await processor.shutdown();
});

test('spans of an export with no answer leave inFlightSpans as export_timeout, at the deadline or at shutdown', async () => {
  answer = 'hold';
  const { processor, endSpans } = setup({ maxConcurrentExports: 1, exportTimeoutMillis: 150 });
  endSpans(10);
  expect(processor.stats().inFlightSpans).toBe(10);
  await until(() => processor.stats().dropped.export_timeout === 10);
  expect(processor.stats().inFlightSpans).toBe(0);
  endSpans(10);
  expect(processor.stats().inFlightSpans).toBe(10);
  await processor.shutdown();
  const stats = processor.stats();
  expect(stats.inFlightSpans).toBe(0);
  expect(accountedFor(stats)).toBe(20);
});
