import type { EventLoopUtilization } from 'node:perf_hooks';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { CollectingProcessor } from './helpers/corpus';
import { exportOk } from './helpers/export-with';
import { tracingWith } from './helpers/tracing';

// Enough spans that encoding takes many 1 ms slices even on a fast machine (32 spans per step).
const SPANS = 20_000;
let receiver: OtlpReceiver;
let spans: ReadableSpan[];

beforeAll(async () => {
  receiver = await startReceiver();
  const collector = new CollectingProcessor();
  tracingWith(collector).endSpans(SPANS, { attrBytes: 300 });
  spans = collector.spans;
});
afterAll(() => receiver.close());
beforeEach(() => receiver.clear());

/**
 * Exports the batch and counts the turns of the event loop that pass before the exporter has
 * encoded it (it reports `bytesPerSpan` once the body is ready): 0 means encoded in one go, before
 * export() gave control back.
 */
async function turnsToEncode(exporter: OtlpHttpSpanExporter): Promise<number> {
  let turns = 0;
  let encodedAfter = -1;
  const exported = exportOk(exporter, spans);
  const countTurn = () => {
    if (exporter.bytesPerSpan > 0) encodedAfter = turns;
    else {
      turns++;
      setImmediate(countTurn);
    }
  };
  setImmediate(countTurn);
  await exported;
  expect(receiver.spans).toHaveLength(SPANS);
  return encodedAfter;
}

/**
 * Waits until the event loop has been mostly idle since `mark`. A fixed sleep is not enough: after
 * building the batch, V8 runs incremental GC as tasks on the loop for a while, which counts as busy.
 */
async function calmSince(mark: EventLoopUtilization): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (performance.eventLoopUtilization(mark).utilization < 0.5) return;
  }
  throw new Error('the event loop never calmed down');
}

/** Keeps the event loop busy, as a saturated app does. */
function busyFor(millis: number): void {
  const until = performance.now() + millis;
  while (performance.now() < until);
}

test('after an idle event loop, a big batch is encoded in slices across several turns of the loop', async () => {
  const mark = performance.eventLoopUtilization();
  const exporter = new OtlpHttpSpanExporter({ url: receiver.tracesUrl }, {});
  await calmSince(mark);
  expect(await turnsToEncode(exporter)).toBeGreaterThanOrEqual(3);
  await exporter.shutdown();
});

test('after a saturated event loop (>90% busy since the last batch), the batch is encoded at once', async () => {
  const exporter = new OtlpHttpSpanExporter({ url: receiver.tracesUrl }, {});
  busyFor(200);
  expect(await turnsToEncode(exporter)).toBe(0);
  await exporter.shutdown();
});
