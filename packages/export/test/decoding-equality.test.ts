import { OTLPTraceExporter as UpstreamJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as UpstreamProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonSpanEncoder, OtlpHttpSpanExporter, ProtobufSpanEncoder } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { buildCorpus } from './helpers/corpus';
import { exportOk, sorted } from './helpers/export-with';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.clear());

async function received(send: () => Promise<void>) {
  receiver.clear();
  await send();
  return sorted(receiver.spans);
}

describe('decoding equality with upstream (official OTLP proto schema)', () => {
  const corpus = buildCorpus();
  const url = () => receiver.tracesUrl;

  test('the corpus covers what it claims', () => {
    const resources = new Set(corpus.map((s) => s.resource));
    const scopes = new Set(corpus.map((s) => s.instrumentationScope));
    expect(resources.size).toBe(2);
    expect(scopes.size).toBe(4);
    expect(corpus.some((s) => s.droppedAttributesCount > 0)).toBe(true);
    expect(corpus.some((s) => s.droppedEventsCount > 0 && s.droppedLinksCount > 0)).toBe(true);
    expect(corpus.some((s) => s.spanContext().traceFlags === 0)).toBe(true);
  });

  test.each([
    ['protobuf', 'http/protobuf'],
    ['JSON', 'http/json'],
  ] as const)(
    'ours (%s) decodes to the same spans as upstream protobuf',
    async (_name, protocol) => {
      const upstream = await received(() => exportOk(new UpstreamProto({ url: url() }), corpus));
      const ours = await received(() =>
        exportOk(new OtlpHttpSpanExporter({ url: url(), protocol }, {}), corpus),
      );
      expect(upstream).toHaveLength(corpus.length);
      expect(ours).toEqual(upstream);
    },
  );

  test('ours (protobuf) equals upstream JSON too', async () => {
    const upstream = await received(() => exportOk(new UpstreamJson({ url: url() }), corpus));
    const ours = await received(() =>
      exportOk(new OtlpHttpSpanExporter({ url: url() }, {}), corpus),
    );
    expect(ours).toEqual(upstream);
  });

  test.each([
    [
      'one resource, one scope',
      (s: typeof corpus) => s.filter((x) => x.instrumentationScope.name === 'scope-one'),
    ],
    ['one span', (s: typeof corpus) => s.slice(0, 1)],
  ])('%s', async (_name, pick) => {
    const spans = pick(corpus);
    const upstream = await received(() => exportOk(new UpstreamProto({ url: url() }), spans));
    const ours = await received(() =>
      exportOk(new OtlpHttpSpanExporter({ url: url() }, {}), spans),
    );
    expect(ours).toHaveLength(spans.length);
    expect(ours).toEqual(upstream);
  });

  test('an empty batch encodes to an empty request', () => {
    expect(new ProtobufSpanEncoder().encode([])).toHaveLength(0);
    expect(JSON.parse(new JsonSpanEncoder().encode([]).toString())).toEqual({ resourceSpans: [] });
  });

  test('the reused buffer does not leak one batch into the next', () => {
    const encoder = new ProtobufSpanEncoder();
    const big = encoder.encode(corpus);
    const small = encoder.encode(corpus.slice(0, 1));
    expect(encoder.encode(corpus)).toEqual(big);
    expect(small.length).toBeLessThan(big.length);
    expect(new ProtobufSpanEncoder().encode(corpus.slice(0, 1))).toEqual(small);
  });
});
