import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import {
  SQS_MAX_MESSAGE_ATTRIBUTES,
  StrictTraceContextPropagator,
  amqpHeadersCarrier,
  bullmqJobDataCarrier,
  kafkaHeadersCarrier,
  mapCarrier,
  natsHeadersCarrier,
  objectCarrier,
  pubsubAttributesCarrier,
  redisStreamFieldsCarrier,
  snsEnvelopeCarrier,
  sqsMessageAttributesCarrier,
} from '@otelkit/propagators';
import type { NatsHeaders } from '@otelkit/propagators';
import { SPAN_ID, TRACE_ID, VALID } from '../support/round-trip';

const propagator = new StrictTraceContextPropagator();
const remote = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  traceFlags: 1,
});

function roundTrip<C>(
  carrier: C,
  accessor: TextMapGetter<C> & TextMapSetter<C>,
): string | undefined {
  propagator.inject(remote, carrier, accessor);
  return trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, accessor))?.spanId;
}

/** A minimal stand-in with nats.js MsgHdrs semantics (case-sensitive keys, '' for missing). */
function natsHeaders(): NatsHeaders {
  const map = new Map<string, string[]>();
  return {
    get: (k) => map.get(k)?.[0] ?? '',
    set: (k, v) => void map.set(k, [v]),
    has: (k) => map.has(k),
    values: (k) => map.get(k) ?? [],
    keys: () => [...map.keys()],
  };
}

describe('every carrier round-trips the context', () => {
  test.each<[string, () => unknown, TextMapGetter<unknown> & TextMapSetter<unknown>]>([
    ['kafka headers', () => ({}), kafkaHeadersCarrier as never],
    ['amqp headers', () => ({}), amqpHeadersCarrier as never],
    ['sqs attributes', () => ({}), sqsMessageAttributesCarrier as never],
    ['pubsub attributes', () => ({}), pubsubAttributesCarrier as never],
    ['redis stream field list', () => ['body', 'x'], redisStreamFieldsCarrier as never],
    ['redis stream field object', () => ({ body: 'x' }), redisStreamFieldsCarrier as never],
    ['bullmq job data', () => ({ payload: 1 }), bullmqJobDataCarrier() as never],
    ['nats headers', natsHeaders, natsHeadersCarrier as never],
    ['plain object', () => ({}), objectCarrier as never],
    ['map', () => new Map(), mapCarrier as never],
  ])('%s', (_name, make, accessor) => {
    expect(roundTrip(make(), accessor)).toBe(SPAN_ID);
  });
});

describe('carrier details', () => {
  test('kafka: Buffer values and case-insensitive keys; a set replaces any case', () => {
    const headers: Record<string, unknown> = { TraceParent: Buffer.from(VALID) };
    expect(kafkaHeadersCarrier.get(headers as never, 'traceparent')).toBe(VALID);
    kafkaHeadersCarrier.set(headers as never, 'traceparent', 'x');
    expect(headers).toEqual({ traceparent: 'x' });
  });

  test('kafka: repeated Buffer header values stay a list (so traceparent restarts)', () => {
    const headers = { traceparent: [Buffer.from(VALID), Buffer.from(VALID)] };
    expect(kafkaHeadersCarrier.get(headers, 'traceparent')).toEqual([VALID, VALID]);
    expect(
      trace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, kafkaHeadersCarrier)),
    ).toBeUndefined();
  });

  test('amqp: undefined headers and non-text values are ignored', () => {
    expect(amqpHeadersCarrier.get(undefined as never, 'traceparent')).toBeUndefined();
    expect(amqpHeadersCarrier.get({ traceparent: 42 }, 'traceparent')).toBeUndefined();
    expect(amqpHeadersCarrier.keys(undefined as never)).toEqual([]);
  });

  test('sqs: String data type, lambda lowerCamelCase read, the 10-attribute limit respected', () => {
    const attributes: Record<string, unknown> = {};
    for (let i = 0; i < SQS_MAX_MESSAGE_ATTRIBUTES - 1; i++)
      attributes[`a${i}`] = { DataType: 'String', StringValue: 'v' };
    sqsMessageAttributesCarrier.set(attributes as never, 'traceparent', VALID);
    sqsMessageAttributesCarrier.set(attributes as never, 'tracestate', 'a=1');
    expect(Object.keys(attributes)).toHaveLength(10);
    expect(attributes.traceparent).toEqual({ DataType: 'String', StringValue: VALID });
    expect(attributes.tracestate).toBeUndefined();
    // An existing key may still be updated when full.
    sqsMessageAttributesCarrier.set(attributes as never, 'traceparent', 'new');
    expect(attributes.traceparent).toEqual({ DataType: 'String', StringValue: 'new' });
    expect(
      sqsMessageAttributesCarrier.get(
        { traceparent: { dataType: 'String', stringValue: VALID } },
        'traceparent',
      ),
    ).toBe(VALID);
  });

  test('sns envelope: reads MessageAttributes from the SQS body string or object, tolerates junk', () => {
    const envelope = {
      Type: 'Notification',
      Message: 'hi',
      MessageAttributes: { traceparent: { Type: 'String', Value: VALID } },
    };
    expect(snsEnvelopeCarrier.get(JSON.stringify(envelope), 'traceparent')).toBe(VALID);
    expect(snsEnvelopeCarrier.get(envelope, 'traceparent')).toBe(VALID);
    expect(snsEnvelopeCarrier.keys(JSON.stringify(envelope))).toEqual(['traceparent']);
    expect(snsEnvelopeCarrier.get('{not json', 'traceparent')).toBeUndefined();
    expect(snsEnvelopeCarrier.get('"a string"', 'traceparent')).toBeUndefined();
  });

  test("pubsub: falls back to Google's client prefix", () => {
    expect(pubsubAttributesCarrier.get({ googclient_traceparent: VALID }, 'traceparent')).toBe(
      VALID,
    );
    expect(
      pubsubAttributesCarrier.get(
        { traceparent: VALID, googclient_traceparent: 'x' },
        'traceparent',
      ),
    ).toBe(VALID);
  });

  test('redis streams: Buffer fields, replace in place', () => {
    const fields: (string | Buffer)[] = [
      Buffer.from('traceparent'),
      Buffer.from(VALID),
      'body',
      'x',
    ];
    expect(redisStreamFieldsCarrier.get(fields, 'traceparent')).toBe(VALID);
    redisStreamFieldsCarrier.set(fields, 'traceparent', 'new');
    expect(fields).toHaveLength(4);
    expect(redisStreamFieldsCarrier.keys(fields)).toEqual(['traceparent', 'body']);
  });

  test('bullmq: stored under a configurable field', () => {
    const data: Record<string, unknown> = {};
    bullmqJobDataCarrier('_trace').set(data, 'traceparent', VALID);
    expect(data).toEqual({ _trace: { traceparent: VALID } });
    expect(bullmqJobDataCarrier().get(data, 'traceparent')).toBeUndefined();
  });

  test('nats: missing key is undefined, repeated values are a list', () => {
    const headers = natsHeaders();
    expect(natsHeadersCarrier.get(headers, 'traceparent')).toBeUndefined();
    const repeated = { ...headers, has: () => true, values: () => [VALID, VALID] };
    expect(natsHeadersCarrier.get(repeated, 'traceparent')).toEqual([VALID, VALID]);
  });
});
