import type { AttrValue, Attributes, ReceivedSpan } from '@otelkit/testing';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

const STATUS = ['UNSET', 'OK', 'ERROR'] as const;

/** A decoded attribute as JSON: bigints as decimal strings, bytes as base64. */
export function attrJson(value: AttrValue): JsonValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(attrJson);
  if (value !== null && typeof value === 'object') return attributesJson(value);
  return value;
}

export function attributesJson(attributes: Attributes): { [k: string]: JsonValue } {
  const out: { [k: string]: JsonValue } = {};
  for (const key in attributes) out[key] = attrJson(attributes[key]);
  return out;
}

/** What the text filter searches in an attribute value. */
export function attrText(value: AttrValue): string {
  return typeof value === 'string' ? value : JSON.stringify(attrJson(value));
}

/**
 * One span as the UI and "copy as JSON" get it. Times are nanoseconds since the epoch as decimal
 * strings (they do not fit a double) plus `startMs`/`durationMs` numbers for drawing.
 */
export function spanJson(span: ReceivedSpan): { [k: string]: JsonValue } {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    name: span.name,
    kind: span.kindName,
    service: span.serviceName ?? 'unknown service',
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: span.endTimeUnixNano.toString(),
    durationMs: span.durationMs,
    status: { code: STATUS[span.status.code], message: span.status.message ?? null },
    attributes: attributesJson(span.attributes),
    events: span.events.map((e) => ({
      name: e.name,
      timeUnixNano: e.timeUnixNano.toString(),
      attributes: attributesJson(e.attributes),
    })),
    links: span.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      attributes: attributesJson(l.attributes),
    })),
    resource: attributesJson(span.resource),
    scope: {
      name: span.scope.name,
      version: span.scope.version ?? null,
      attributes: attributesJson(span.scope.attributes),
    },
    traceState: span.traceState ?? null,
    dropped: {
      attributes: span.droppedAttributesCount,
      events: span.droppedEventsCount,
      links: span.droppedLinksCount,
    },
  };
}
