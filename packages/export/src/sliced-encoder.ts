import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { encodeAtOnce, encodeInSlices, SPANS_PER_STEP } from './encode-in-slices';
import { SpanGroups } from './proto/span-groups';
import { ProtoWriter } from './proto/writer';
import { SpareBuffers } from './spare-buffers';

/**
 * What the protobuf and JSON encoders share: a request written by a generator into one reused buffer,
 * at once or in time slices, and handed out without copying until given back with `release`.
 */
export abstract class SlicedEncoder {
  protected readonly writer = new ProtoWriter();
  protected readonly groups = new SpanGroups();
  protected readonly spare = new SpareBuffers();

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

  /** Writes the request into `writer`, pausing (yield) after every `slice` spans. */
  protected abstract write(spans: ReadableSpan[], slice: number): Generator<void, void, void>;
}
