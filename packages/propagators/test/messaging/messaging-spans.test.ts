import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import {
  amqpHeadersCarrier,
  extractFromMessage,
  getForwardedHeaders,
  injectIntoMessage,
  setForwardedHeaders,
  startConsumerSpan,
  withBatchConsumerSpan,
  withConsumerSpan,
  withProducerSpan,
} from '@otelkit/propagators';
import { installTracing } from '../support/tracing';

const { exporter, provider } = installTracing();
const tracer = () => provider.getTracer('test');
const rabbit = { system: 'rabbitmq', destination: 'orders', tracer: undefined as never };

function finished(name: string) {
  return exporter.getFinishedSpans().filter((s) => s.name === name);
}

function produce(headers: Record<string, unknown>, messageId?: string) {
  return withProducerSpan(
    { ...rabbit, tracer: tracer(), carrier: headers, accessor: amqpHeadersCarrier, messageId },
    (span) => span.spanContext(),
  );
}

describe('producer', () => {
  test('send {destination} PRODUCER span, child of the active span, injected as the creation context', () => {
    const parent = tracer().startSpan('http');
    const headers: Record<string, unknown> = {};
    const producer = context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
      produce(headers, 'm-1'),
    );
    parent.end();
    const [span] = finished('send orders');
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span.attributes).toEqual({
      'messaging.system': 'rabbitmq',
      'messaging.operation.name': 'send',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'orders',
      'messaging.message.id': 'm-1',
    });
    expect(headers.traceparent).toBe(`00-${producer.traceId}-${producer.spanId}-01`);
  });

  test('errors are recorded and rethrown; promise rejections too', async () => {
    expect(() =>
      withProducerSpan(
        { ...rabbit, tracer: tracer(), carrier: {}, accessor: amqpHeadersCarrier },
        () => {
          throw new TypeError('boom');
        },
      ),
    ).toThrow('boom');
    await expect(
      withProducerSpan(
        { ...rabbit, tracer: tracer(), carrier: {}, accessor: amqpHeadersCarrier },
        async () => {
          throw new RangeError('later');
        },
      ),
    ).rejects.toThrow('later');
    const spans = finished('send orders');
    expect(
      spans.map((s) => [s.status.code, s.attributes['error.type'], s.events[0]?.name]),
    ).toEqual([
      [SpanStatusCode.ERROR, 'TypeError', 'exception'],
      [SpanStatusCode.ERROR, 'RangeError', 'exception'],
    ]);
  });
});

describe('consumer', () => {
  test('default: CONSUMER span links to the creation context and keeps the ambient parent', () => {
    const headers: Record<string, unknown> = {};
    const producer = produce(headers);
    withConsumerSpan(
      {
        ...rabbit,
        tracer: tracer(),
        carrier: headers,
        accessor: amqpHeadersCarrier,
        consumerGroup: 'g',
        messageId: 'm',
      },
      () => undefined,
    );
    const [span] = finished('process orders');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(producer.traceId);
    expect(span.links.map((l) => l.context.spanId)).toEqual([producer.spanId]);
    expect(span.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'orders',
      'messaging.consumer.group.name': 'g',
      'messaging.message.id': 'm',
    });
  });

  test("relation 'parent': the creation context is the parent, same trace", () => {
    const headers: Record<string, unknown> = {};
    const producer = produce(headers);
    withConsumerSpan(
      {
        ...rabbit,
        tracer: tracer(),
        carrier: headers,
        accessor: amqpHeadersCarrier,
        relation: 'parent',
      },
      () => undefined,
    );
    const [span] = finished('process orders');
    expect(span.spanContext().traceId).toBe(producer.traceId);
    expect(span.parentSpanContext?.spanId).toBe(producer.spanId);
    expect(span.links).toEqual([]);
  });

  test('link mode keeps what else the message carries (baggage, forwarded headers) in the work context', () => {
    const ctx = propagation.setBaggage(
      setForwardedHeaders(ROOT_CONTEXT, { 'x-request-id': 'r-7' }),
      propagation.createBaggage({ tenant: { value: 'acme' } }),
    );
    const headers = injectIntoMessage({}, amqpHeadersCarrier, ctx);
    const ambient = tracer().startSpan('poll');
    const { span, context: work } = context.with(trace.setSpan(ROOT_CONTEXT, ambient), () =>
      startConsumerSpan({
        ...rabbit,
        tracer: tracer(),
        carrier: headers,
        accessor: amqpHeadersCarrier,
      }),
    );
    span.end();
    ambient.end();
    expect(getForwardedHeaders(work)).toEqual({ 'x-request-id': 'r-7' });
    expect(propagation.getBaggage(work)?.getEntry('tenant')?.value).toBe('acme');
    expect(finished('process orders')[0].parentSpanContext?.spanId).toBe(
      ambient.spanContext().spanId,
    );
  });

  test('a message without context gives a span without links; a missing carrier too', () => {
    withConsumerSpan(
      { ...rabbit, tracer: tracer(), carrier: {}, accessor: amqpHeadersCarrier },
      () => undefined,
    );
    withConsumerSpan(
      { ...rabbit, tracer: tracer(), carrier: undefined, accessor: amqpHeadersCarrier },
      () => undefined,
    );
    expect(finished('process orders').map((s) => s.links.length)).toEqual([0, 0]);
  });

  test('a bad relation option throws', () => {
    expect(() =>
      startConsumerSpan({
        ...rabbit,
        carrier: {},
        accessor: amqpHeadersCarrier,
        relation: 'child' as never,
      }),
    ).toThrow("@otelkit/propagators: option relation is \"child\"; expected 'link' or 'parent'");
  });

  test('extractFromMessage defaults to ROOT_CONTEXT', () => {
    const active = tracer().startSpan('active');
    const ctx = context.with(trace.setSpan(ROOT_CONTEXT, active), () =>
      extractFromMessage({}, amqpHeadersCarrier),
    );
    active.end();
    expect(trace.getSpan(ctx)).toBeUndefined();
  });
});

describe('batch consumer', () => {
  test('10 messages from 3 traces give 10 links and messaging.batch.message_count', async () => {
    const carriers: Record<string, unknown>[] = [];
    const producers: string[] = [];
    for (const count of [3, 3, 4]) {
      const root = tracer().startSpan('request');
      context.with(trace.setSpan(ROOT_CONTEXT, root), () => {
        for (let i = 0; i < count; i++) {
          const headers: Record<string, unknown> = {};
          producers.push(produce(headers).spanId);
          carriers.push(headers);
        }
      });
      root.end();
    }
    await withBatchConsumerSpan(
      { ...rabbit, tracer: tracer(), carriers, accessor: amqpHeadersCarrier },
      async () => undefined,
    );
    const [span] = finished('process orders');
    expect(span.links.map((l) => l.context.spanId)).toEqual(producers);
    expect(new Set(span.links.map((l) => l.context.traceId)).size).toBe(3);
    expect(span.attributes['messaging.batch.message_count']).toBe(10);
  });
});
