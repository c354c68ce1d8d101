import { SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A provider feeding `processor`, and a function that ends `n` spans through it. */
export function tracingWith(processor: SpanProcessor) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'processor-test' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('processor-test');
  return {
    provider,
    /** Ends `n` spans named `${prefix}-${i}` (prefix 'span'). */
    endSpans(n: number, opts: { error?: boolean; attrBytes?: number; prefix?: string } = {}) {
      const filler = opts.attrBytes ? 'z'.repeat(opts.attrBytes) : undefined;
      const prefix = opts.prefix ?? 'span';
      for (let i = 0; i < n; i++) {
        const span = tracer.startSpan(`${prefix}-${i}`, { attributes: { i, filler } });
        if (opts.error) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    },
  };
}

export const until = async (check: () => boolean, timeoutMs = 5000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
