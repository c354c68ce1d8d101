import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { settlingResources } from '../settling-resources';
import type { SpanRequest } from '../types';
import { writeSpan } from './encode-span';
import { spanMessageEnd, spanStatusCode } from './span-message';
import { ProtoWriter } from './writer';

type Resource = ReadableSpan['resource'];

/** Status.code of an ERROR span (the API's SpanStatusCode.ERROR; the proto uses the same number). */
const STATUS_ERROR = 2;

/** The spans of one (resource, scope) in a request, encoded as Span messages in arrival order. */
export interface SpanGroup {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly writer: ProtoWriter;
  /** Leading bytes of `writer` known to hold only ERROR spans (see `dropOldestNonError`). */
  errorPrefix: number;
}

/**
 * One ExportTraceServiceRequest built span by span: a span is encoded when it is added, into a buffer of
 * its (resource, scope), so the SDK's span object can be collected at once instead of waiting in a
 * queue for its batch. The encoder writes the request around the groups when it is sent.
 */
export class ProtobufSpanRequest implements SpanRequest {
  count = 0;
  /** Encoded bytes of the spans added so far. */
  bytes = 0;
  readonly groups: SpanGroup[] = [];
  private last: SpanGroup | undefined;

  constructor(private readonly writerFor: () => ProtoWriter) {}

  /**
   * Removes the first span without ERROR status (groups in first-seen order, spans in arrival order), to
   * make room for an ERROR span; false when every span left is an ERROR span. Each group remembers how
   * many of its leading bytes hold only ERROR spans, so no span is read back twice.
   */
  dropOldestNonError(): boolean {
    for (const group of this.groups) {
      const w = group.writer;
      const buf = w.buf;
      let pos = group.errorPrefix;
      while (pos < w.pos && spanStatusCode(buf, pos) === STATUS_ERROR)
        pos = spanMessageEnd(buf, pos);
      group.errorPrefix = pos;
      if (pos === w.pos) continue;
      const end = spanMessageEnd(buf, pos);
      buf.copyWithin(pos, end, w.pos);
      w.pos -= end - pos;
      this.bytes -= end - pos;
      this.count--;
      return true;
    }
    return false;
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
    this.bytes += writer.pos - start;
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
    const group = { resource, scope, writer: this.writerFor(), errorPrefix: 0 };
    this.groups.push(group);
    return (this.last = group);
  }
}
