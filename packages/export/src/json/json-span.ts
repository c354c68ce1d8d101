import type { Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { ProtoWriter as ByteWriter } from '../proto/writer';
import { flagsOf } from '../span-flags';
import { otlpKind, otlpStatusCode } from '../span-fields';
import { ascii, byte, jsonCount, jsonHrTime, jsonString, jsonUint } from './json-bytes';
import { FramedStrings, writeAttributes, writeAttributesField } from './json-values';

const TRACE_ID = ascii('{"traceId":');
const SPAN_ID = ascii(',"spanId":');
const TRACE_STATE = ascii(',"traceState":');
const PARENT_SPAN_ID = ascii(',"parentSpanId":');
const START_TIME = ascii(',"startTimeUnixNano":"');
const END_TIME = ascii('","endTimeUnixNano":"');
const CLOSE_TIME_ATTRIBUTES = ascii('","attributes":');
const DROPPED_ATTRIBUTES = ascii(',"droppedAttributesCount":');
const EVENTS = ascii(',"events":[');
const DROPPED_EVENTS = ascii('],"droppedEventsCount":');
const LINKS = ascii(',"links":[');
const DROPPED_LINKS = ascii('],"droppedLinksCount":');
const STATUS = ascii(',"status":{"code":');
const MESSAGE = ascii(',"message":');
const FLAGS = ascii('},"flags":');
const LINK_FLAGS = ascii(',"flags":');
const EVENT_TIME = ascii('{"timeUnixNano":"');
const EVENT_NAME = ascii('","name":');
// What follows the attributes of a span with nothing dropped and no events or links (nearly all).
const PLAIN_TAIL = ascii(
  ',"droppedAttributesCount":0,"events":[],"droppedEventsCount":0,"links":[],"droppedLinksCount":0,"status":{"code":',
);
const COMMA = 44;
const CLOSE_BRACE = 125;

// `,"name":"…","kind":` by span name: names are low-cardinality by convention (routes, not URLs).
const names = new FramedStrings(ascii(',"name":'), ascii(',"kind":'));

/** Comma-separated items of a JSON array whose brackets the caller writes. */
function writeItems<T>(
  w: ByteWriter,
  items: T[],
  writeItem: (w: ByteWriter, item: T) => void,
): void {
  for (let i = 0; i < items.length; i++) {
    if (i > 0) byte(w, COMMA);
    writeItem(w, items[i]);
  }
}

/** traceId, spanId and traceState, shared by Span and Link; opens the object. */
function writeContext(w: ByteWriter, ctx: SpanContext): void {
  w.raw(TRACE_ID);
  jsonString(w, ctx.traceId);
  w.raw(SPAN_ID);
  jsonString(w, ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.raw(TRACE_STATE);
    jsonString(w, traceState);
  }
}

function writeEvent(w: ByteWriter, event: TimedEvent): void {
  w.raw(EVENT_TIME);
  jsonHrTime(w, event.time[0], event.time[1]);
  w.raw(EVENT_NAME);
  jsonString(w, event.name);
  writeAttributesField(w, event.attributes, event.droppedAttributesCount);
  byte(w, CLOSE_BRACE);
}

function writeLink(w: ByteWriter, link: Link): void {
  const ctx = link.context;
  writeContext(w, ctx);
  writeAttributesField(w, link.attributes, link.droppedAttributesCount);
  w.raw(LINK_FLAGS);
  jsonUint(w, flagsOf(ctx.traceFlags, ctx.isRemote));
  byte(w, CLOSE_BRACE);
}

/** One OTLP/JSON Span object, written straight from the SDK span. */
export function writeSpan(w: ByteWriter, span: ReadableSpan): void {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  writeContext(w, ctx);
  if (parent?.spanId) {
    w.raw(PARENT_SPAN_ID);
    jsonString(w, parent.spanId);
  }
  names.write(w, typeof span.name === 'string' ? span.name : '');
  jsonUint(w, otlpKind(span.kind));
  w.raw(START_TIME);
  writeTime(w, span.startTime);
  w.raw(END_TIME);
  writeTime(w, span.endTime);
  w.raw(CLOSE_TIME_ATTRIBUTES);
  writeAttributes(w, span.attributes);
  if (
    span.droppedAttributesCount === 0 &&
    span.events?.length === 0 &&
    span.droppedEventsCount === 0 &&
    span.links?.length === 0 &&
    span.droppedLinksCount === 0
  ) {
    w.raw(PLAIN_TAIL);
  } else writeTail(w, span);
  // A span without a status (not an SDK span) is UNSET, as the spec defaults it.
  const status = span.status as ReadableSpan['status'] | undefined;
  jsonUint(w, otlpStatusCode(status?.code));
  if (status?.message) {
    w.raw(MESSAGE);
    jsonString(w, status.message);
  }
  w.raw(FLAGS);
  jsonUint(w, flagsOf(ctx.traceFlags, parent?.isRemote));
  byte(w, CLOSE_BRACE);
}

/** An HrTime, or 0 for a missing or malformed one (the spec's default), never a throw. */
function writeTime(w: ByteWriter, time: ReadableSpan['startTime'] | undefined): void {
  if (time === undefined || time === null) jsonUint(w, 0);
  else jsonHrTime(w, time[0], time[1]);
}

/** Dropped attributes, events, links and their counts, up to the status code. */
function writeTail(w: ByteWriter, span: ReadableSpan): void {
  w.raw(DROPPED_ATTRIBUTES);
  jsonCount(w, span.droppedAttributesCount);
  w.raw(EVENTS);
  writeItems(w, span.events ?? [], writeEvent);
  w.raw(DROPPED_EVENTS);
  jsonCount(w, span.droppedEventsCount);
  w.raw(LINKS);
  writeItems(w, span.links ?? [], writeLink);
  w.raw(DROPPED_LINKS);
  jsonCount(w, span.droppedLinksCount);
  w.raw(STATUS);
}
