import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonSpanEncoder, OtlpHttpSpanExporter } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { buildCorpus } from './helpers/corpus';
import { exportOk } from './helpers/export-with';

/** A real SDK span with one field replaced, as a hand-made ReadableSpan or a careless wrapper may have it. */
function spanWith(field: string, value: unknown): ReadableSpan {
  const real = buildCorpus()[0];
  return new Proxy(real, {
    get: (target, key, receiver) =>
      key === field ? value : (Reflect.get(target, key, receiver) as unknown),
  });
}

/** What the spec defaults each field to, as OTLP/JSON and as the protobuf receiver decodes it. */
const MALFORMED: Array<[string, unknown, Record<string, unknown>]> = [
  ['kind', undefined, { kind: 0 }],
  ['kind', NaN, { kind: 0 }],
  ['kind', 9, { kind: 0 }],
  ['status', undefined, { status: 0 }],
  ['status', { code: 7 }, { status: 0 }],
  ['startTime', undefined, { start: '0' }],
  ['startTime', [NaN, NaN], { start: '0' }],
  ['endTime', undefined, { end: '0' }],
  ['endTime', [Infinity, 0], { end: '0' }],
  ['attributes', undefined, { attributes: 0 }],
  ['events', undefined, { events: 0 }],
  ['links', undefined, { links: 0 }],
  ['name', undefined, { name: '' }],
  ['droppedAttributesCount', NaN, { droppedAttributes: 0 }],
  ['droppedEventsCount', -3, {}],
];

interface JsonSpan {
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: unknown[];
  events: unknown[];
  links: unknown[];
  droppedAttributesCount: number;
  status: { code: number };
}

describe('the JSON encoder is total over malformed spans: valid JSON, the spec defaults', () => {
  test.each(MALFORMED)('%s = %p', (field, value, expected) => {
    const bytes = new JsonSpanEncoder().encode([spanWith(field, value)]);
    expect(bytes.includes(0)).toBe(false);
    const span = (
      JSON.parse(Buffer.from(bytes).toString('utf8')) as {
        resourceSpans: { scopeSpans: { spans: JsonSpan[] }[] }[];
      }
    ).resourceSpans[0].scopeSpans[0].spans[0];
    const seen: Record<string, unknown> = {
      kind: span.kind,
      status: span.status.code,
      start: span.startTimeUnixNano,
      end: span.endTimeUnixNano,
      attributes: span.attributes.length,
      events: span.events.length,
      links: span.links.length,
      name: span.name,
      droppedAttributes: span.droppedAttributesCount,
    };
    for (const [key, want] of Object.entries(expected)) expect(seen[key]).toEqual(want);
  });
});

describe('the protobuf encoder writes the same defaults and never throws', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  test.each(MALFORMED)('%s = %p', async (field, value, expected) => {
    const before = receiver.spans.length;
    const exporter = new OtlpHttpSpanExporter({ url: receiver.tracesUrl }, {});
    await exportOk(exporter, [spanWith(field, value)]);
    await exporter.shutdown();
    const span = receiver.spans[before];
    const seen: Record<string, unknown> = {
      kind: span.kind,
      status: span.status.code,
      start: String(span.startTimeUnixNano),
      end: String(span.endTimeUnixNano),
      attributes: Object.keys(span.attributes).length,
      events: span.events.length,
      links: span.links.length,
      name: span.name,
      droppedAttributes: span.droppedAttributesCount,
    };
    for (const [key, want] of Object.entries(expected)) expect(seen[key]).toEqual(want);
  });
});
