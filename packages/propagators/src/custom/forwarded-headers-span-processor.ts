import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getForwardedHeaders } from './forwarded-headers';

export const FORWARDED_HEADER_ATTRIBUTE_PREFIX = 'otelkit.forwarded_header.';

/**
 * Records the forwarded headers of the parent context on every span as `otelkit.forwarded_header.<name>`, so the
 * server span and everything below it can be searched by request id. Attributes are set at span start, before
 * samplers and exporters look at the span.
 */
export class ForwardedHeadersSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const forwarded = getForwardedHeaders(parentContext);
    for (const name in forwarded)
      span.setAttribute(FORWARDED_HEADER_ATTRIBUTE_PREFIX + name, forwarded[name]);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
