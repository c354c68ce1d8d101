import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { encodeAtOnce, encodeInSlices, SPANS_PER_STEP } from '../encode-in-slices';
import { EncodedParts } from './encode-scope';
import { writeSpan } from './encode-span';
import { SpanGroups } from './span-groups';
import { ProtoWriter } from './writer';
import { SpareBuffers } from '../spare-buffers';

/**
 * ExportTraceServiceRequest (trace_service.proto) bytes, written straight from SDK spans. The result
 * shares memory with the encoder until passed to `release` (or dropped).
 */
export class ProtobufSpanEncoder {
  private readonly writer = new ProtoWriter();
  private readonly groups = new SpanGroups();
  private readonly parts = new EncodedParts();
  private readonly spare = new SpareBuffers();

  /** The whole batch in one go. */
  encode(spans: ReadableSpan[]): Buffer {
    return encodeAtOnce(this.write(spans, Infinity), this.detach);
  }

  /**
   * The same bytes, written for at most `budgetMillis()` per turn of the event loop into the same
   * buffer, so a large batch never blocks the app for long. One call at a time: the caller queues them.
   */
  encodeSliced(spans: ReadableSpan[], budgetMillis: () => number): Promise<Buffer> {
    if (spans.length <= SPANS_PER_STEP) return Promise.resolve(this.encode(spans));
    return encodeInSlices(this.write(spans, SPANS_PER_STEP), this.detach, budgetMillis);
  }

  private readonly detach = () => this.writer.detach(this.spare.take());

  /** Gives back a buffer `encode` returned once its bytes are sent, so the next batch reuses its memory. */
  release(bytes: Buffer): void {
    this.spare.give(bytes);
  }

  /** Writes the request, pausing (yield) after every `slice` spans. */
  private *write(spans: ReadableSpan[], slice: number): Generator<void, void, void> {
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
