import type { Context } from '@opentelemetry/api';
import type { Diagnostics } from '@otelkit/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MaskingEngine } from './engine';
import type { MutableSpan } from './internal-types';
import { normalizeOptions } from './normalize-options';
import type { MaskingOptions } from './types';

/**
 * Masks and transforms spans in `onEnding`, while they are still writable and before any later processor or
 * exporter sees them: register it first. Rules compile in the constructor, which throws on a bad option.
 * It never throws into the span pipeline.
 */
export class MaskingSpanProcessor implements SpanProcessor {
  private readonly engine: MaskingEngine;

  /**
   * `diagnostics` receives this processor's lines when `options.warn` is not set (@otelkit/node passes its own
   * channel); default: the process-wide otelkit channel on stderr.
   */
  constructor(options: MaskingOptions = {}, diagnostics?: Diagnostics) {
    this.engine = new MaskingEngine(normalizeOptions(options, diagnostics));
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    this.engine.process(span as unknown as MutableSpan);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
