import { OTLPTraceExporter as UpstreamProto } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonSpanEncoder, OtlpHttpSpanExporter, ProtobufSpanEncoder } from '@otelkit/export';
import { startReceiver } from '@otelkit/testing';
import { buildCorpus } from './helpers/corpus';
import { exportOk, sorted } from './helpers/export-with';

/** The corpus repeated until the batch spans several slices (and several resources and scopes). */
function bigBatch(): ReadableSpan[] {
  const corpus = buildCorpus();
  const spans: ReadableSpan[] = [];
  while (spans.length < 3000) spans.push(...corpus);
  return spans;
}

test.each([
  ['protobuf', () => new ProtobufSpanEncoder()],
  ['JSON', () => new JsonSpanEncoder()],
])(
  '%s: a batch encoded in slices gives the same bytes as in one go, and lets the event loop run between slices',
  async (_name, make) => {
    const spans = bigBatch();
    const whole = Buffer.from(make().encode(spans));
    const encoder = make();
    let turns = 0;
    let counting = true;
    const countTurns = () => {
      turns++;
      if (counting) setImmediate(countTurns);
    };
    setImmediate(countTurns);
    const sliced = await encoder.encodeSliced(spans, () => 0);
    counting = false;
    expect(sliced.equals(whole)).toBe(true);
    // No time budget: one step (32 spans) per turn, and the event loop turned between steps.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(spans.length / 32) - 1);
  },
);

test('batches exported at once by one exporter are encoded one at a time and arrive intact', async () => {
  const receiver = await startReceiver();
  try {
    const batch = bigBatch();
    const batches = [batch, [...batch].reverse(), batch.slice(0, 100)];
    const exporter = new OtlpHttpSpanExporter({ url: receiver.tracesUrl }, {});
    await Promise.all(batches.map((spans) => exportOk(exporter, spans)));
    const ours = sorted(receiver.spans);
    receiver.clear();
    const upstream = new UpstreamProto({ url: receiver.tracesUrl });
    for (const spans of batches) await exportOk(upstream, spans);
    expect(ours).toHaveLength(batches.reduce((n, b) => n + b.length, 0));
    expect(ours).toEqual(sorted(receiver.spans));
    await exporter.shutdown();
  } finally {
    await receiver.close();
  }
});
