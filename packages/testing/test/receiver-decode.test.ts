import { context, SpanKind, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import {
  BYTES,
  LINK_SPAN_ID,
  LINK_TRACE_ID,
  PARENT_ID,
  SPAN_ID,
  TRACE_ID,
  handmadeSpan,
} from './helpers/handmade-span';
import { exportSpans, makeExporter, WIRES, type Wire } from './helpers/otlp-export';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

const wireName = (w: Wire) => `${w.format}${w.gzip ? ' + gzip' : ''}`;

describe.each(WIRES.map((w) => [wireName(w), w] as const))('decoding %s', (_name, wire) => {
  test('every field of a span exported by the upstream OTLP exporter', async () => {
    const result = await exportSpans(receiver.tracesUrl, wire, [handmadeSpan()]);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    expect(receiver.spans).toHaveLength(1);
    const span = receiver.spans[0];
    expect(span).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: PARENT_ID,
      name: 'handmade operation',
      kind: 4,
      kindName: 'PRODUCER',
      startTimeUnixNano: 1704164645123456789n,
      endTimeUnixNano: 1704164645124956789n,
      durationMs: 1.5,
      attributes: {
        'str.attr': 'hello',
        'empty.attr': '',
        'int.attr': 42,
        'negative.attr': -7,
        'big.attr': 2n ** 60n,
        'double.attr': 3.25,
        'true.attr': true,
        'false.attr': false,
        'str.array': ['a', 'b'],
        'int.array': [1, 2, 3],
        'bool.array': [true, false],
        'double.array': [1.5, 2.5],
        'bytes.attr': BYTES,
        'map.attr': { inner: 'x', count: 2, nested: { deep: true } },
      },
      events: [
        {
          name: 'exception',
          timeUnixNano: 1704164645124000000n,
          attributes: { 'exception.message': 'boom', 'event.int': 9 },
          droppedAttributesCount: 1,
        },
      ],
      links: [
        {
          traceId: LINK_TRACE_ID,
          spanId: LINK_SPAN_ID,
          traceState: 'linkvendor=xyz',
          attributes: { 'link.attr': 'l' },
          // sampled + "is-remote known" (0x100), not remote
          flags: 0x101,
          droppedAttributesCount: 2,
        },
      ],
      status: { code: 2, message: 'it broke' },
      traceState: 'vendor=abc,other=1',
      // sampled + "is-remote known" (0x100) + parent is remote (0x200)
      flags: 0x301,
      droppedAttributesCount: 3,
      droppedEventsCount: 4,
      droppedLinksCount: 5,
      resource: { 'service.name': 'handmade-svc', 'service.version': '1.2.3', 'host.cores': 8 },
      scope: { name: 'handmade-scope', version: '0.0.1', attributes: { 'scope.attr': 'yes' } },
      serviceName: 'handmade-svc',
    });
    expect(span.attributes['bytes.attr']).toBeInstanceOf(Uint8Array);
  });

  test('records the request as received and as decoded', async () => {
    await exportSpans(receiver.tracesUrl, wire, [handmadeSpan()]);
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0];
    expect(req).toMatchObject({
      method: 'POST',
      path: '/v1/traces',
      contentType: wire.format === 'json' ? 'application/json' : 'application/x-protobuf',
      contentEncoding: wire.gzip ? 'gzip' : undefined,
      format: wire.format,
      spanCount: 1,
      responseStatus: 200,
    });
    expect(req.error).toBeUndefined();
    const gzipMagic = req.rawBody[0] === 0x1f && req.rawBody[1] === 0x8b;
    expect(gzipMagic).toBe(wire.gzip);
    if (wire.gzip) expect(req.body.equals(req.rawBody)).toBe(false);
    else expect(req.body.equals(req.rawBody)).toBe(true);
    if (wire.format === 'json')
      expect(JSON.parse(req.body.toString()).resourceSpans).toHaveLength(1);
    expect(req.headers['user-agent']).toMatch(/OTel-OTLP-Exporter-JavaScript/);
  });

  test('parent/child ids and kinds of spans made by the SDK', async () => {
    const exporter = makeExporter(receiver.tracesUrl, wire);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'sdk-svc' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('sdk-scope', '9.9.9');
    const root = tracer.startSpan('GET /users', { kind: SpanKind.SERVER });
    const child = tracer.startSpan(
      'SELECT users',
      { kind: SpanKind.CLIENT, attributes: { 'db.system': 'sqlite' } },
      trace.setSpan(context.active(), root),
    );
    child.end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();

    const spans = await receiver.waitForSpans(2);
    // SimpleSpanProcessor exports each span on its own, so arrival order is not fixed.
    const gotRoot = spans.find((s) => s.name === 'GET /users')!;
    const gotChild = spans.find((s) => s.name === 'SELECT users')!;
    expect(gotRoot).toMatchObject({
      traceId: root.spanContext().traceId,
      spanId: root.spanContext().spanId,
      parentSpanId: undefined,
      kindName: 'SERVER',
      kind: 2,
      serviceName: 'sdk-svc',
      scope: { name: 'sdk-scope', version: '9.9.9', attributes: {} },
      status: { code: 0 },
      flags: 0x101,
    });
    expect(gotChild).toMatchObject({
      traceId: root.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: root.spanContext().spanId,
      kindName: 'CLIENT',
      attributes: { 'db.system': 'sqlite' },
    });
    const nanos = ([s, ns]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(ns);
    const sdkRoot = root as unknown as ReadableSpan;
    expect(gotRoot.startTimeUnixNano).toBe(nanos(sdkRoot.startTime));
    expect(gotRoot.endTimeUnixNano).toBe(nanos(sdkRoot.endTime));
    expect(gotRoot.durationMs).toBeCloseTo(Number(nanos(sdkRoot.duration)) / 1e6, 6);
  });
});
