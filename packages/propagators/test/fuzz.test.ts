import {
  ROOT_CONTEXT,
  baggageEntryMetadataFromString,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { TextMapGetter, TextMapPropagator } from '@opentelemetry/api';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import {
  AliasPropagator,
  HeaderForwardingPropagator,
  StrictBaggagePropagator,
  StrictTraceContextPropagator,
  StrictTraceState,
  XCloudTraceContextPropagator,
  amqpHeadersCarrier,
  kafkaHeadersCarrier,
  natsHeadersCarrier,
  parseCloudTraceContext,
  parseTraceParent,
  pubsubAttributesCarrier,
  redisStreamFieldsCarrier,
  snsEnvelopeCarrier,
  sqsMessageAttributesCarrier,
} from '@otelkit/propagators';
import { adversarialValue, prng } from './support/adversarial';

const SEED = 20240601;
const ITERATIONS = 1500;

const propagators: [string, TextMapPropagator][] = [
  ['tracecontext-strict', new StrictTraceContextPropagator()],
  ['baggage-strict', new StrictBaggagePropagator()],
  ['alias', new AliasPropagator()],
  ['xcloud', new XCloudTraceContextPropagator()],
  ['forward', new HeaderForwardingPropagator({ headers: ['x-request-id'] })],
];
const FIELDS = [
  'traceparent',
  'tracestate',
  'baggage',
  'x-otel-traceparent',
  'x-otel-tracestate',
  'x-cloud-trace-context',
  'x-request-id',
];

/** Each emitted header must be acceptable to Node's HTTP stack and match its own grammar. */
function assertValidHeader(name: string, value: string): void {
  validateHeaderName(name);
  validateHeaderValue(name, value);
  switch (name) {
    case 'traceparent':
    case 'x-otel-traceparent':
      expect(value).toMatch(/^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-0[0-3]$/);
      break;
    case 'tracestate':
    case 'x-otel-tracestate':
      expect(value.length).toBeLessThanOrEqual(512);
      expect(StrictTraceState.parse(value)?.serialize()).toBe(value);
      break;
    case 'baggage':
      expect(Buffer.byteLength(value)).toBeLessThanOrEqual(8192);
      expect(value.split(',').length).toBeLessThanOrEqual(64);
      expect(value).toMatch(/^[\x21-\x7e]+$/);
      break;
    case 'x-cloud-trace-context':
      expect(value).toMatch(/^[0-9a-f]{32}\/\d{1,20};o=[01]$/);
      break;
    default:
      expect(value).toMatch(/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/);
  }
}

const objectGetter: TextMapGetter<Record<string, unknown>> = {
  get: (carrier, key) => carrier[key] as string | string[] | undefined,
  keys: (carrier) => Object.keys(carrier),
};

describe(`fuzz (seed ${SEED}, ${ITERATIONS} carriers per propagator)`, () => {
  test.each(propagators)('%s: never throws, never emits an invalid header', (_name, propagator) => {
    const random = prng(SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      const carrier: Record<string, unknown> = {};
      for (const field of FIELDS) if (random() < 0.7) carrier[field] = adversarialValue(random);
      const context = propagator.extract(ROOT_CONTEXT, carrier, objectGetter);
      const out: Record<string, string> = {};
      propagator.inject(context, out, {
        set: (c, k, v) => void ((c as Record<string, string>)[k] = v),
      });
      for (const [name, value] of Object.entries(out)) assertValidHeader(name, value);
    }
  });

  test('codecs never throw on any input', () => {
    const random = prng(SEED + 1);
    for (let i = 0; i < ITERATIONS * 2; i++) {
      const value = adversarialValue(random);
      expect(() => parseTraceParent(value)).not.toThrow();
      expect(() => parseCloudTraceContext(value)).not.toThrow();
      expect(() => StrictTraceState.parse(value)).not.toThrow();
    }
  });

  test('message carriers never throw on hostile carriers', () => {
    const random = prng(SEED + 2);
    const carriers = [
      amqpHeadersCarrier,
      kafkaHeadersCarrier,
      sqsMessageAttributesCarrier,
      pubsubAttributesCarrier,
      redisStreamFieldsCarrier,
      natsHeadersCarrier,
    ];
    const propagator = propagators[2][1];
    for (let i = 0; i < ITERATIONS; i++) {
      const hostile = adversarialValue(random);
      for (const accessor of carriers) {
        expect(() =>
          propagator.extract(ROOT_CONTEXT, hostile, accessor as TextMapGetter),
        ).not.toThrow();
      }
      expect(() =>
        propagator.extract(ROOT_CONTEXT, hostile, snsEnvelopeCarrier as TextMapGetter),
      ).not.toThrow();
    }
  });

  test('baggage inject never emits an invalid header from hostile entries', () => {
    const random = prng(SEED + 3);
    const baggagePropagator = propagators[1][1];
    for (let i = 0; i < ITERATIONS / 5; i++) {
      const entries: Record<
        string,
        { value: string; metadata?: ReturnType<typeof baggageEntryMetadataFromString> }
      > = {};
      for (let j = 0; j < 1 + Math.floor(random() * 80); j++) {
        const key = String(adversarialValue(random) ?? '').slice(0, 50);
        entries[random() < 0.5 ? `k${j}` : key] = {
          value: String(adversarialValue(random) ?? ''),
          ...(random() < 0.3
            ? { metadata: baggageEntryMetadataFromString(String(adversarialValue(random))) }
            : {}),
        };
      }
      const out: Record<string, string> = {};
      const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
      baggagePropagator.inject(ctx, out, {
        set: (c, k, v) => void ((c as Record<string, string>)[k] = v),
      });
      for (const [name, value] of Object.entries(out)) assertValidHeader(name, value);
    }
  });

  test('hostile span contexts set by user code are never sent as invalid headers', () => {
    const random = prng(SEED + 4);
    for (let i = 0; i < ITERATIONS; i++) {
      const traceState = StrictTraceState.parse('a=1');
      const ctx = trace.setSpanContext(ROOT_CONTEXT, {
        traceId:
          random() < 0.5 ? '12345678901234567890123456789012' : String(adversarialValue(random)),
        spanId: random() < 0.5 ? '1234567890123456' : String(adversarialValue(random)),
        traceFlags: Math.floor(random() * 512) - 100,
        ...(random() < 0.5
          ? {
              traceState: {
                ...traceState!,
                serialize: () => String(adversarialValue(random)),
              } as never,
            }
          : {}),
      });
      for (const [, propagator] of propagators) {
        const out: Record<string, string> = {};
        propagator.inject(ctx, out, {
          set: (c, k, v) => void ((c as Record<string, string>)[k] = v),
        });
        for (const [name, value] of Object.entries(out)) assertValidHeader(name, value);
      }
    }
  });
});
