// ReceivedSpan values built directly, for the pure tree / assertion / waterfall helpers.
import type { Attributes, ReceivedSpan, SpanKindName } from '@otelkit/testing';
import { KIND_NAMES } from '../../src/normalize-spans';

export const TRACE_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const TRACE_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const BASE = 1_700_000_000_000_000_000n;

export interface SpanSpec {
  name: string;
  id: string;
  parent?: string;
  trace?: string;
  /** ms after BASE */
  start?: number;
  end?: number;
  kind?: SpanKindName;
  service?: string;
  attributes?: Attributes;
  error?: boolean;
}

const hexId = (id: string) => id.padStart(16, '0');

export function makeSpan(spec: SpanSpec): ReceivedSpan {
  const start = BASE + BigInt(Math.round((spec.start ?? 0) * 1e6));
  const end = BASE + BigInt(Math.round((spec.end ?? (spec.start ?? 0) + 1) * 1e6));
  const service = spec.service ?? 'svc';
  return {
    traceId: spec.trace ?? TRACE_A,
    spanId: hexId(spec.id),
    parentSpanId: spec.parent ? hexId(spec.parent) : undefined,
    name: spec.name,
    kind: KIND_NAMES.indexOf(spec.kind ?? 'INTERNAL'),
    kindName: spec.kind ?? 'INTERNAL',
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Number(end - start) / 1e6,
    attributes: spec.attributes ?? {},
    events: [],
    links: [],
    status: spec.error ? { code: 2, message: 'failed' } : { code: 0 },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    resource: { 'service.name': service },
    scope: { name: 'test', attributes: {} },
    serviceName: service,
  };
}

/**
 * GET /checkout (frontend, SERVER, 0-100ms)
 *   POST /payments (frontend, CLIENT, 10-60)
 *     POST /payments (payments, SERVER, 15-55)
 *       INSERT payments (payments, CLIENT, 20-40)
 *   render (frontend, INTERNAL, 70-90)
 */
export function checkoutTrace(): ReceivedSpan[] {
  return [
    makeSpan({ name: 'render', id: '5', parent: '1', start: 70, end: 90, service: 'frontend' }),
    makeSpan({
      name: 'INSERT payments',
      id: '4',
      parent: '3',
      start: 20,
      end: 40,
      kind: 'CLIENT',
      service: 'payments',
      attributes: { 'db.system': 'postgresql', 'db.rows': 1 },
    }),
    makeSpan({
      name: 'POST /payments',
      id: '3',
      parent: '2',
      start: 15,
      end: 55,
      kind: 'SERVER',
      service: 'payments',
      attributes: { 'http.response.status_code': 201 },
    }),
    makeSpan({
      name: 'POST /payments',
      id: '2',
      parent: '1',
      start: 10,
      end: 60,
      kind: 'CLIENT',
      service: 'frontend',
    }),
    makeSpan({
      name: 'GET /checkout',
      id: '1',
      start: 0,
      end: 100,
      kind: 'SERVER',
      service: 'frontend',
      attributes: { 'http.route': '/checkout', 'http.response.status_code': 200 },
    }),
  ];
}
