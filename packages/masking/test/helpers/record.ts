import type { Attributes, Link, SpanKind } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { MaskingSpanProcessor } from '@otelkit/masking';
import type { MaskingOptions } from '@otelkit/masking';

export interface SpanInput {
  name?: string;
  kind?: SpanKind;
  attributes?: Attributes;
  events?: Array<{ name: string; attributes?: Attributes }>;
  links?: Link[];
  error?: Error;
  statusMessage?: string;
  resource?: Attributes;
}

/**
 * Runs spans through a real SDK pipeline: the masking processor first, then an in-memory exporter, so tests see
 * exactly what an exporter would receive.
 */
export function record(options: MaskingOptions, ...inputs: SpanInput[]): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(inputs[0]?.resource ?? { 'service.name': 'test' }),
    spanProcessors: [
      new MaskingSpanProcessor({ warn: () => {}, ...options }),
      new SimpleSpanProcessor(exporter),
    ],
  });
  const tracer = provider.getTracer('test-scope');
  for (const input of inputs) {
    const span = tracer.startSpan(input.name ?? 'span', {
      kind: input.kind,
      attributes: input.attributes,
      links: input.links,
    });
    for (const event of input.events ?? []) span.addEvent(event.name, event.attributes);
    if (input.error) span.recordException(input.error);
    if (input.statusMessage)
      span.setStatus({ code: SpanStatusCode.ERROR, message: input.statusMessage });
    span.end();
  }
  return exporter.getFinishedSpans();
}

/** One span through the pipeline; fails the test when it was dropped. */
export function recordOne(options: MaskingOptions, input: SpanInput): ReadableSpan {
  const [span] = record(options, input);
  if (span === undefined) throw new Error('span was not exported');
  return span;
}
