import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
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

  add(span: ReadableSpan): void {
    let group = this.last;
    if (
      group === undefined ||
      group.scope !== span.instrumentationScope ||
      group.resource !== span.resource
    ) {
      group = this.groupOf(span.resource, span.instrumentationScope);
    }
    writeSpan(group.writer, span);
    this.count++;
  }

  /** Resources still detecting async attributes: the request is written once they settle. */
  settling(): Array<Promise<void>> | undefined {
    let waits: Array<Promise<void>> | undefined;
    for (const { resource } of this.groups) {
      if (resource.asyncAttributesPending && resource.waitForAsyncAttributes) {
        (waits ??= []).push(resource.waitForAsyncAttributes());
      }
    }
    return waits;
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
