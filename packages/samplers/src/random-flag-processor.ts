import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TRACE_FLAG_RANDOM } from './consistent/randomness';

/**
 * Sets the W3C Level 2 random trace flag, which the SDK's tracer never sets: on root spans (the SDK's
 * RandomIdGenerator draws every trace id bit at random) and on children whose parent carries it. The SDK
 * hands each span its own span-context object before any processor runs, so setting the bit in onStart
 * reaches children and outgoing `traceparent` headers. Spans that are not recorded never reach processors,
 * so their context keeps the flag off (see docs/sampling.md).
 */
export class RandomFlagProcessor implements SpanProcessor {
  private readonly _next: SpanProcessor;
  private readonly _roots: boolean;

  /** @param randomRoots set the flag on root spans (false when a custom IdGenerator is not random). */
  constructor(next: SpanProcessor, randomRoots = true) {
    this._next = next;
    this._roots = randomRoots;
  }

  onStart(span: Span, parentContext: Context): void {
    const context = span.spanContext();
    const parent = span.parentSpanContext;
    const random =
      parent === undefined ? this._roots : (parent.traceFlags & TRACE_FLAG_RANDOM) !== 0;
    if (random) context.traceFlags |= TRACE_FLAG_RANDOM;
    this._next.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    this._next.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    this._next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this._next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._next.shutdown();
  }
}
