import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { settlingResources } from '../settling-resources';
import type { SpanRequest } from '../types';
import { writeSpan } from './encode-span';
import { ProtoWriter } from './writer';

type Resource = ReadableSpan['resource'];

/** The spans of one (resource, scope) in a request, encoded as Span messages in arrival order. */
export interface SpanGroup {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly writer: ProtoWriter;
}

/**
 * One ExportTraceServiceRequest built span by span: a span is encoded when it is added, into a buffer of
 * its (resource, scope), so the SDK's span object can be collected at once instead of waiting in a
 * queue for its batch. The encoder writes the request around the groups when it is sent.
 */
export class ProtobufSpanRequest implements SpanRequest {
  count = 0;
  readonly groups: SpanGroup[] = [];
  private last: SpanGroup | undefined;

  constructor(private readonly writerFor: () => ProtoWriter) {}

  /** Encoded bytes of the spans added so far. */
  get bytes(): number {
    let total = 0;
    for (const group of this.groups) total += group.writer.pos;
    return total;
  }

  /**
   * Removes the oldest span of the first group (an ERROR span needs its room): its Span message is the
   * first in that group's buffer, so the rest moves down by its length. False when empty.
   */
  dropOldest(): boolean {
    const group = this.groups.find((g) => g.writer.pos > 0);
    if (group === undefined) return false;
    const w = group.writer;
    const buf = w.buf;
    // Span messages sit under field 2 of ScopeSpans: a one-byte tag, a varint length, the body.
    let pos = 1;
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[pos++];
      length += (b & 127) * 2 ** shift;
      if (b < 128) break;
    }
    const end = pos + length;
    buf.copyWithin(0, end, w.pos);
    w.pos -= end;
    this.count--;
    return true;
  }

  add(span: ReadableSpan): void {
    let group = this.last;
    if (
      group === undefined ||
      group.scope !== span.instrumentationScope ||
      group.resource !== span.resource
    ) {
      group = this.groupOf(span.resource, span.instrumentationScope);
    }
    const writer = group.writer;
    const start = writer.pos;
    try {
      writeSpan(writer, span);
    } catch (error) {
      // Half a Span message would corrupt the whole request: the span is left out, the rest stays valid.
      writer.pos = start;
      throw error;
    }
    this.count++;
  }

  /** Resources still detecting async attributes: the request is written once they settle. */
  settling(): Array<Promise<void>> | undefined {
    return settlingResources(this.groups);
  }

  private groupOf(resource: Resource, scope: InstrumentationScope): SpanGroup {
    for (const group of this.groups) {
      if (group.scope === scope && group.resource === resource) return (this.last = group);
    }
    const group = { resource, scope, writer: this.writerFor() };
    this.groups.push(group);
    return (this.last = group);
  }
}
