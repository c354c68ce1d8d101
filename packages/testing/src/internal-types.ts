import type { IntegrityFindingKind, ReceivedSpan, SpanKindName, TraceNode } from './types';

/**
 * Plain-object shapes produced by `Type.toObject` on the OTLP schema with
 * `{ longs: String, enums: Number, arrays: true }`: camelCase names, 64-bit integers as
 * decimal strings, bytes as Uint8Array, unset scalars absent.
 */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: Uint8Array;
}

export interface OtlpKeyValue {
  key?: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano?: string;
  name?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpLink {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status?: { message?: string; code?: number };
}

export interface OtlpScopeSpans {
  scope?: { name?: string; version?: string; attributes?: OtlpKeyValue[] };
  spans?: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: OtlpScopeSpans[];
}

export interface OtlpTraceRequest {
  resourceSpans?: OtlpResourceSpans[];
}

/** One trace as the integrity checks walk it. */
export interface TraceView {
  traceId: string;
  /** The trace's spans depth-first, roots and children by start time. */
  rows: { node: TraceNode; depth: number }[];
  /** The tree's roots: spans without a parent, and orphans (`missingParent`). */
  roots: TraceNode[];
}

/** `TraceIntegrityOptions` checked and compiled once. */
export interface CompiledIntegrityOptions {
  required: {
    index: number;
    label: string;
    applies: (span: ReceivedSpan) => boolean;
    attributes: (readonly string[])[];
  }[];
  allowRoot: (span: ReceivedSpan) => boolean;
  rootKinds: readonly SpanKindName[];
  ignore: (span: ReceivedSpan) => boolean;
  runs: (kind: IntegrityFindingKind) => boolean;
}
