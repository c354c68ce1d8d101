// A ReadableSpan built by hand, to reach what the SDK API cannot set (bytes and map
// attributes, dropped counts, exact ids and times) while still using the real encoders.
import { createTraceState, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const SPAN_ID = 'b7ad6b7169203331';
export const PARENT_ID = '00f067aa0ba902b7';
export const LINK_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const LINK_SPAN_ID = '53995c3f42cd8ad8';

export const BYTES = new Uint8Array([0, 1, 2, 254, 255]);

export const SPAN_ATTRIBUTES = {
  'str.attr': 'hello',
  'empty.attr': '',
  'int.attr': 42,
  'negative.attr': -7,
  'big.attr': 2 ** 60,
  'double.attr': 3.25,
  'true.attr': true,
  'false.attr': false,
  'str.array': ['a', 'b'],
  'int.array': [1, 2, 3],
  'bool.array': [true, false],
  'double.array': [1.5, 2.5],
  'bytes.attr': BYTES,
  'map.attr': { inner: 'x', count: 2, nested: { deep: true } },
};

export function handmadeSpan(): ReadableSpan {
  return {
    name: 'handmade operation',
    kind: SpanKind.PRODUCER,
    spanContext: () => ({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      traceState: createTraceState('vendor=abc,other=1'),
    }),
    parentSpanContext: { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: 1, isRemote: true },
    // 2024-01-02T03:04:05.123456789Z, 1.5 ms long: exercises full 64-bit nanosecond times.
    startTime: [1704164645, 123456789],
    endTime: [1704164645, 124956789],
    duration: [0, 1500000],
    ended: true,
    status: { code: SpanStatusCode.ERROR, message: 'it broke' },
    attributes: SPAN_ATTRIBUTES as never,
    links: [
      {
        context: {
          traceId: LINK_TRACE_ID,
          spanId: LINK_SPAN_ID,
          traceFlags: TraceFlags.SAMPLED,
          traceState: createTraceState('linkvendor=xyz'),
          isRemote: false,
        },
        attributes: { 'link.attr': 'l' },
        droppedAttributesCount: 2,
      },
    ],
    events: [
      {
        name: 'exception',
        time: [1704164645, 124000000],
        attributes: { 'exception.message': 'boom', 'event.int': 9 },
        droppedAttributesCount: 1,
      },
    ],
    resource: resourceFromAttributes({
      'service.name': 'handmade-svc',
      'service.version': '1.2.3',
      'host.cores': 8,
    }),
    instrumentationScope: {
      name: 'handmade-scope',
      version: '0.0.1',
      schemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
      attributes: { 'scope.attr': 'yes' },
    } as ReadableSpan['instrumentationScope'],
    droppedAttributesCount: 3,
    droppedEventsCount: 4,
    droppedLinksCount: 5,
  };
}
