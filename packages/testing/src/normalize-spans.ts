import { keyValues } from './attributes';
import type { OtlpLink, OtlpSpan, OtlpTraceRequest } from './internal-types';
import type { Attributes, ReceivedLink, ReceivedSpan, SpanKindName } from './types';

export const KIND_NAMES: readonly SpanKindName[] = [
  'UNSPECIFIED',
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
];

function hex(bytes: Uint8Array | undefined): string {
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : '';
}

function nanos(decimal: string | undefined): bigint {
  return BigInt(decimal ?? '0');
}

/** proto3 cannot tell "unset" from "empty", so empty strings and zero flags read as absent. */
function optional<T>(value: T | undefined, empty: T): T | undefined {
  return value === undefined || value === empty ? undefined : value;
}

function link(l: OtlpLink): ReceivedLink {
  return {
    traceId: hex(l.traceId),
    spanId: hex(l.spanId),
    traceState: optional(l.traceState, ''),
    attributes: keyValues(l.attributes),
    flags: optional(l.flags, 0),
    droppedAttributesCount: l.droppedAttributesCount ?? 0,
  };
}

function span(s: OtlpSpan, resource: Attributes, scope: ReceivedSpan['scope']): ReceivedSpan {
  const start = nanos(s.startTimeUnixNano);
  const end = nanos(s.endTimeUnixNano);
  const kind = s.kind ?? 0;
  const serviceName = resource['service.name'];
  const code = s.status?.code ?? 0;
  return {
    traceId: hex(s.traceId),
    spanId: hex(s.spanId),
    parentSpanId: optional(hex(s.parentSpanId), ''),
    name: s.name ?? '',
    kind,
    kindName: KIND_NAMES[kind] ?? 'UNSPECIFIED',
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Number(end - start) / 1e6,
    attributes: keyValues(s.attributes),
    events: (s.events ?? []).map((e) => ({
      name: e.name ?? '',
      timeUnixNano: nanos(e.timeUnixNano),
      attributes: keyValues(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    links: (s.links ?? []).map(link),
    status: {
      code: (code === 1 || code === 2 ? code : 0) as 0 | 1 | 2,
      message: optional(s.status?.message, ''),
    },
    traceState: optional(s.traceState, ''),
    flags: optional(s.flags, 0),
    droppedAttributesCount: s.droppedAttributesCount ?? 0,
    droppedEventsCount: s.droppedEventsCount ?? 0,
    droppedLinksCount: s.droppedLinksCount ?? 0,
    resource,
    scope,
    serviceName: typeof serviceName === 'string' ? serviceName : undefined,
  };
}

/** Flattens an export request into spans that each carry their resource and scope. */
export function normalizeSpans(request: OtlpTraceRequest): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = keyValues(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = {
        name: ss.scope?.name ?? '',
        version: optional(ss.scope?.version, ''),
        attributes: keyValues(ss.scope?.attributes),
      };
      for (const s of ss.spans ?? []) out.push(span(s, resource, scope));
    }
  }
  return out;
}
