import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as UpstreamProto } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BasicTracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
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
  const { spans, provider } = collecting();
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

/** A provider whose ended spans are kept in `spans`. */
function collecting(): { spans: ReadableSpan[]; provider: BasicTracerProvider } {
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
  return { spans, provider };
}

/**
 * Whole KeyValues are cached by value for keys that repeat few values. Values of every scalar type
 * under one key, a key that turns high-cardinality mid-batch, long values and -0/NaN must all decode
 * to upstream's content.
 */
function spansForValueCache(): ReadableSpan[] {
  const { spans, provider } = collecting();
  const tracer = provider.getTracer('value-cache');
  const mixed = ['1', 1, true, 1.5, -0, 0, NaN, Infinity, -1, 2 ** 60, false, '', 'é'];
  for (let i = 0; i < 3000; i++) {
    tracer
      .startSpan('GET /items/:id', {
        attributes: {
          'http.request.method': ['GET', 'POST', 'PUT'][i % 3],
          'http.response.status_code': [200, 404, 500][i % 3],
          mixed: mixed[i % mixed.length],
          // Distinct from span 0 on: past the per-key bound, the key stops caching values.
          'url.path': `/items/${i}`,
          // Repeats, but too long to cache.
          long: 'v'.repeat(65 + (i % 2)),
        },
      })
      .end();
  }
  return spans;
}

/**
 * Keys are looked up by their position in the attribute object first. Spans that set the same keys in
 * other orders, different keys at one position, and more attributes than positions are remembered must
 * still decode to upstream's content.
 */
function spansForKeyPositions(): ReadableSpan[] {
  const { spans, provider } = collecting();
  const tracer = provider.getTracer('key-positions');
  const many = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`attr.${k}`, `v${k}`]));
  for (let i = 0; i < 600; i++) {
    const attributes =
      i % 3 === 0
        ? { a: `a${i}`, b: i, c: 'same' }
        : i % 3 === 1
          ? { c: 'same', b: i, a: `a${i}` }
          : { ...many, [`attr.${i % 40}`]: `changed ${i}`, b: 'now a string' };
    tracer.startSpan('order', { attributes }).end();
  }
  return spans;
}

/** What the receiver decodes when `spans` go through `exporter`, in a stable order. */
async function received(exporter: SpanExporter, spans: ReadableSpan[]) {
  receiver.clear();
  await exportOk(exporter, spans);
  return sorted(receiver.spans);
}

/**
 * Exports `spans` through upstream, then `times` times through our exporter (fresh each time, caches
 * shared), expecting upstream's decoded content each time; returns ours.
 */
async function expectUpstreamContent(spans: ReadableSpan[], times = 1) {
  const url = receiver.tracesUrl;
  const upstream = await received(new UpstreamProto({ url }), spans);
  expect(upstream).toHaveLength(spans.length);
  let ours: typeof upstream = [];
  for (let i = 0; i < times; i++) {
    ours = await received(new OtlpHttpSpanExporter({ url }, {}), spans);
    expect(ours).toEqual(upstream);
  }
  return ours;
}

test('KeyValues cached by value decode to upstream content', async () => {
  // Twice: the second export runs entirely on cached entries.
  await expectUpstreamContent(spansForValueCache(), 2);
}, 30_000);

test('attributes in changing key orders and positions decode to upstream content', async () => {
  await expectUpstreamContent(spansForKeyPositions());
}, 30_000);

test('cached and uncached names, keys and trace ids decode to upstream content', async () => {
  const ours = await expectUpstreamContent(spansForCaches());
  expect(new Set(ours.map((s) => s.traceId)).size).toBe(5000);
}, 30_000); // ~10k spans through two exporters and the decoding receiver, on a shared machine
