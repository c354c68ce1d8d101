import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as UpstreamProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { exportOk, sorted } from './helpers/export-with';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/**
 * The encoder caches encoded attribute keys and span names (up to a bound) and the last trace id's
 * bytes. Spans that hit, miss and overflow those caches must still decode to upstream's content.
 */
function spansForCaches(): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  const provider = new BasicTracerProvider({
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: (span) => spans.push(span),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  const tracer = provider.getTracer('caches');
  const longKey = 'k'.repeat(150);
  // More distinct names than the cache holds, so later ones take the uncached path.
  for (let i = 0; i < 5000; i++) {
    const root = tracer.startSpan(`route-${i}`, {
      attributes: { 'http.route': `/r/${i}`, [`key.${i % 7}`]: i, [longKey]: 'long', ключ: 'ü' },
    });
    // Children share the root's trace id: the cached trace id bytes are reused for them.
    const ctx = trace.setSpan(context.active(), root);
    for (let c = 0; c < i % 3; c++) tracer.startSpan('child', { attributes: { c } }, ctx).end();
    root.end();
  }
  return spans;
}

test('cached and uncached names, keys and trace ids decode to upstream content', async () => {
  const spans = spansForCaches();
  const url = receiver.tracesUrl;
  receiver.clear();
  await exportOk(new UpstreamProto({ url }), spans);
  const upstream = sorted(receiver.spans);
  receiver.clear();
  await exportOk(new OtlpHttpSpanExporter({ url }, {}), spans);
  const ours = sorted(receiver.spans);
  expect(upstream).toHaveLength(spans.length);
  expect(ours).toEqual(upstream);
  expect(new Set(ours.map((s) => s.traceId)).size).toBe(5000);
}, 30_000); // ~10k spans through two exporters and the decoding receiver, on a shared machine
