import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SlicedEncoder } from '../sliced-encoder';
import { EncodedParts } from './encode-scope';
import { writeSpan } from './encode-span';
import { ProtobufSpanRequest, type SpanGroup } from './span-request';
import { ProtoWriter, varintSize } from './writer';

// Group buffers kept for the next requests: one per (resource, scope) of a typical batch, a few batches.
const MAX_POOLED_WRITERS = 8;

/** Bytes of a length-delimited field with a one-byte tag (fields 1-15) and an `n`-byte body. */
function fieldLength(n: number): number {
  return 1 + varintSize(n) + n;
}

/** Bytes `optionalString` writes for `value`. */
function stringFieldLength(value: string | undefined): number {
  return value ? fieldLength(Buffer.byteLength(value, 'utf8')) : 0;
}

/**
 * ExportTraceServiceRequest (trace_service.proto) bytes, written straight from SDK spans, whole batches
 * (`encode`, `encodeSliced`) or requests built span by span (`openRequest`, `finishRequest`).
 */
export class ProtobufSpanEncoder extends SlicedEncoder {
  private readonly parts = new EncodedParts();

  /** An empty request that encodes spans as they are added. */
  openRequest(): ProtobufSpanRequest {
    return new ProtobufSpanRequest(this.takeGroupWriter);
  }

  private readonly groupWriters: ProtoWriter[] = [];
  private readonly takeGroupWriter = () => this.groupWriters.pop() ?? new ProtoWriter(16 * 1024);
  private readonly requestWriter = new ProtoWriter();

  /**
   * The ExportTraceServiceRequest around a built request's groups (resources in first-seen order, as
   * `encode` writes them). Lengths are summed up front, so the group bytes are copied once and never
   * moved. The group buffers go back to a small pool.
   */
  finishRequest(request: ProtobufSpanRequest): Buffer {
    const w = this.requestWriter;
    w.reset();
    const groups = request.groups;
    const scopeSpansLengths = groups.map((group) => this.scopeSpansLength(group));
    for (let i = 0; i < groups.length; i++) {
      const resource = groups[i].resource;
      if (groups.findIndex((g) => g.resource === resource) !== i) continue;
      const resourceBytes = this.parts.resource(resource);
      let resourceSpansLength =
        fieldLength(resourceBytes.length) + stringFieldLength(resource.schemaUrl);
      for (let g = i; g < groups.length; g++) {
        if (groups[g].resource === resource)
          resourceSpansLength += fieldLength(scopeSpansLengths[g]);
      }
      w.tag(1, 2);
      w.varint32(resourceSpansLength);
      w.message(1, resourceBytes);
      for (let g = i; g < groups.length; g++) {
        const group = groups[g];
        if (group.resource !== resource) continue;
        w.tag(2, 2);
        w.varint32(scopeSpansLengths[g]);
        w.message(1, this.parts.scope(group.scope));
        w.raw(group.writer.buf.subarray(0, group.writer.pos));
        w.optionalString(3, group.scope.schemaUrl);
      }
      w.optionalString(3, resource.schemaUrl);
    }
    for (const { writer } of groups) {
      writer.reset();
      if (this.groupWriters.length < MAX_POOLED_WRITERS) this.groupWriters.push(writer);
    }
    groups.length = 0;
    return w.detach(this.spare.take());
  }

  private scopeSpansLength(group: SpanGroup): number {
    const scopeBytes = this.parts.scope(group.scope);
    return (
      fieldLength(scopeBytes.length) + group.writer.pos + stringFieldLength(group.scope.schemaUrl)
    );
  }

  protected *write(spans: ReadableSpan[], slice: number): Generator<void, void, void> {
    const w = this.writer;
    const groups = this.groups;
    w.reset();
    groups.assign(spans);
    let budget = slice;
    for (let r = 0; r < groups.resources.length; r++) {
      const resource = groups.resources[r];
      w.tag(1, 2);
      const resourceSpans = w.begin();
      w.message(1, this.parts.resource(resource));
      for (let g = 0; g < groups.count; g++) {
        if (groups.resourceOf[g] !== r) continue;
        const scope = groups.scopes[g];
        const groupOf = groups.groupOf;
        w.tag(2, 2);
        const scopeSpans = w.begin();
        w.message(1, this.parts.scope(scope));
        for (let i = 0; i < spans.length; i++) {
          if (groupOf[i] !== g) continue;
          writeSpan(w, spans[i]);
          if (--budget === 0) {
            budget = slice;
            yield;
          }
        }
        w.optionalString(3, scope.schemaUrl);
        w.end(scopeSpans);
      }
      w.optionalString(3, resource.schemaUrl);
      w.end(resourceSpans);
    }
  }
}
