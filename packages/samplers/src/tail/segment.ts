import { SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TraceSegment } from '../types';

/** The buffered spans of one trace in this process and the facts tail conditions look at. */
export class Segment implements TraceSegment {
  readonly traceId: string;
  readonly createdAt: number;
  spans: ReadableSpan[] = [];
  hasError = false;
  durationMs = 0;
  headSampled = false;
  /** Local roots (no parent, or a remote one) started and not yet ended. */
  openRoots = 0;
  /** When the decision is due (set once the last open local root ended); undefined while roots are open. */
  readyAt: number | undefined;

  constructor(traceId: string, createdAt: number) {
    this.traceId = traceId;
    this.createdAt = createdAt;
  }

  add(span: ReadableSpan): void {
    this.spans.push(span);
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) this.headSampled = true;
    if (!this.hasError && isError(span)) this.hasError = true;
    const ms = span.duration[0] * 1e3 + span.duration[1] / 1e6;
    if (ms > this.durationMs) this.durationMs = ms;
  }
}

/** A span starts a local segment when it has no parent or its parent is in another process. */
export function isLocalRoot(span: ReadableSpan): boolean {
  const parent = span.parentSpanContext;
  return parent === undefined || parent.isRemote === true;
}

function isError(span: ReadableSpan): boolean {
  if (span.status.code === SpanStatusCode.ERROR) return true;
  for (const event of span.events) if (event.name === 'exception') return true;
  return false;
}
