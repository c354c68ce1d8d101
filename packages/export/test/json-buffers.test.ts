import { OTLPTraceExporter as UpstreamJson } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonSpanEncoder, OtlpHttpSpanExporter } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { buildCorpus, CollectingProcessor } from './helpers/corpus';
import { exportOk, sorted } from './helpers/export-with';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/**
 * Upstream's JSON and ours, both through the receiver's decoding. (Upstream protobuf would differ on
 * lone surrogates: its UTF-8 turns them into U+FFFD, where JSON keeps them as `\\ud800` escapes.)
 */
async function expectJsonEqualsUpstream(spans: ReadableSpan[]): Promise<void> {
  const url = receiver.tracesUrl;
  receiver.clear();
  await exportOk(new UpstreamJson({ url }), spans);
  const upstream = sorted(receiver.spans);
  receiver.clear();
  await exportOk(new OtlpHttpSpanExporter({ url, protocol: 'http/json' }, {}), spans);
  const ours = sorted(receiver.spans);
  expect(upstream).toHaveLength(spans.length);
  expect(ours).toEqual(upstream);
}

const parse = (bytes: Buffer) => JSON.parse(bytes.toString('utf8'));

/** More distinct span names and attribute keys than the caches hold, some long, some to escape. */
function spansBeyondCaches(): ReadableSpan[] {
  const processor = new CollectingProcessor();
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('caches');
  const longKey = 'k'.repeat(150);
  for (let i = 0; i < 5000; i++) {
    tracer
      .startSpan(i % 2 ? `route-${i}` : `"quoted"\n${i} ü`, {
        attributes: { [`key.${i}`]: i, [`k"${i % 5}\\`]: 'v', [longKey]: 'long', ключ: 'ü' },
      })
      .end();
  }
  return processor.spans;
}

test('names and keys beyond the caches (many distinct, long, escaped) decode to upstream content', async () => {
  await expectJsonEqualsUpstream(spansBeyondCaches());
}, 30_000); // ~10k spans through two exporters and the decoding receiver, on a shared machine

describe('a 1 MB attribute value grows the buffer', () => {
  const huge: [string, string][] = [
    ['ASCII', 'a'.repeat(1 << 20)],
    ['non-ASCII and escapes', `${'é"\\\n🚀'.repeat(1 << 18)}\ud800`],
  ];

  test.each(huge)('%s: decodes to upstream content', async (_name, value) => {
    const corpus = buildCorpus();
    Object.assign(corpus[1].attributes, { huge: value });
    await expectJsonEqualsUpstream(corpus);
  });

  test.each(huge)(
    '%s: JSON.parse gives the value back, before and after small batches',
    (_name, value) => {
      const corpus = buildCorpus();
      const span = corpus[1];
      Object.assign(span.attributes, { huge: value });
      const encoder = new JsonSpanEncoder();
      const small = Buffer.from(encoder.encode(corpus.slice(2, 3)));
      const big = encoder.encode(corpus);
      const spans = parse(big).resourceSpans.flatMap((r: { scopeSpans: { spans: object[] }[] }) =>
        r.scopeSpans.flatMap((s) => s.spans),
      );
      const attributes = spans.find(
        (s: { spanId: string }) => s.spanId === span.spanContext().spanId,
      ).attributes;
      expect(attributes.find((a: { key: string }) => a.key === 'huge').value.stringValue).toBe(
        value,
      );
      encoder.release(big);
      expect(encoder.encode(corpus.slice(2, 3)).equals(small)).toBe(true);
    },
  );
});

describe('the reused buffer', () => {
  const corpus = buildCorpus();

  test('a batch not yet released is not overwritten by the next', () => {
    const encoder = new JsonSpanEncoder();
    const first = encoder.encode(corpus);
    const copy = Buffer.from(first);
    encoder.encode([...corpus].reverse());
    expect(first.equals(copy)).toBe(true);
  });

  test('a released buffer is written again, without leaking one batch into the next', () => {
    const encoder = new JsonSpanEncoder();
    const fresh = (spans: ReadableSpan[]) => new JsonSpanEncoder().encode(spans);
    for (const spans of [corpus, corpus.slice(0, 1), corpus, corpus.slice(5, 9), []]) {
      const bytes = encoder.encode(spans);
      expect(bytes.equals(fresh(spans))).toBe(true);
      encoder.release(bytes);
    }
    expect(parse(encoder.encode([]))).toEqual({ resourceSpans: [] });
  });
});
