import type { Link, SpanContext } from '@opentelemetry/api';
import { flagsOf } from '../span-flags';
import { otlpKind, otlpStatusCode, ZERO_TIME } from '../span-fields';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { writeAttributes } from './encode-attributes';
import { FieldCache } from './field-cache';
import type { ProtoWriter } from './writer';

// Span.name (field 5): names are low-cardinality by convention (routes, not URLs).
const names = new FieldCache(5);

/** A uint32 count; 0, absent or not a count (negative, NaN: not an SDK span) is left out, as proto3 does 0. */
function writeCount(w: ProtoWriter, field: number, count: number | undefined): void {
  if (count !== undefined && count > 0) {
    w.tag(field, 0);
    w.varint32(count >= 0xffffffff ? 0xffffffff : count >>> 0);
  }
}

function writeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.tag(11, 2);
  const start = w.begin();
  w.tag(1, 1);
  w.hrTime(event.time[0], event.time[1]);
  w.tag(2, 2);
  w.string(event.name);
  if (event.attributes) writeAttributes(w, event.attributes, 3);
  writeCount(w, 4, event.droppedAttributesCount);
  w.end(start);
}

/** Fields 1-3, shared by Span and Link: trace id, span id, trace state. */
function writeContext(w: ProtoWriter, ctx: SpanContext): void {
  w.ids(ctx.traceId, ctx.spanId, undefined);
  if (ctx.traceState !== undefined) w.optionalString(3, ctx.traceState.serialize());
}

function writeLink(w: ProtoWriter, link: Link): void {
  const ctx = link.context;
  w.tag(13, 2);
  const start = w.begin();
  writeContext(w, ctx);
  if (link.attributes) writeAttributes(w, link.attributes, 4);
  writeCount(w, 5, link.droppedAttributesCount);
  w.tag(6, 5);
  w.fixed32(flagsOf(ctx.traceFlags, ctx.isRemote));
  w.end(start);
}

/** One Span message (trace.proto, field 2 of ScopeSpans) written straight from the SDK span. */
export function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  w.tag(2, 2);
  const start = w.beginLong();
  const parentId = parent?.spanId || undefined;
  if (ctx.traceState === undefined) w.ids(ctx.traceId, ctx.spanId, parentId);
  else {
    // Fields in number order, as upstream writes them: trace state (3) before the parent (4).
    writeContext(w, ctx);
    if (parentId !== undefined) {
      w.tag(4, 2);
      w.hexId(parentId);
    }
  }
  names.write(w, typeof span.name === 'string' ? span.name : '');
  // Missing fields (not an SDK span) are written as the spec's defaults (see span-fields).
  w.kindAndTimes(otlpKind(span.kind), span.startTime ?? ZERO_TIME, span.endTime ?? ZERO_TIME);
  if (span.attributes) writeAttributes(w, span.attributes, 9);
  writeCount(w, 10, span.droppedAttributesCount);
  const events = span.events;
  if (events) for (let i = 0; i < events.length; i++) writeEvent(w, events[i]);
  writeCount(w, 12, span.droppedEventsCount);
  const links = span.links;
  if (links) for (let i = 0; i < links.length; i++) writeLink(w, links[i]);
  writeCount(w, 14, span.droppedLinksCount);
  const status = span.status as ReadableSpan['status'] | undefined;
  const code = otlpStatusCode(status?.code);
  if (code !== 0 || status?.message) {
    w.tag(15, 2);
    const statusStart = w.begin();
    w.optionalString(2, status?.message);
    writeCount(w, 3, code);
    w.end(statusStart);
  }
  w.tag(16, 5);
  w.fixed32(flagsOf(ctx.traceFlags, parent?.isRemote));
  w.endLong(start);
}
