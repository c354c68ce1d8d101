import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, SpanContext } from '@opentelemetry/api';
import { ExportResultCode, TraceState } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type {
  ReadableSpan,
  Sampler,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Keeps every exported span, also across shutdown (the SDK's InMemorySpanExporter clears on shutdown). */
export class CollectingExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown = (): Promise<void> => Promise.resolve();
  forceFlush = (): Promise<void> => Promise.resolve();
}

/** A real SDK provider with `sampler`, exporting to memory through `wrap(SimpleSpanProcessor)`. */
export function setup(
  sampler: Sampler,
  wrap: (next: SpanProcessor) => SpanProcessor = (next) => next,
) {
  const exporter = new CollectingExporter();
  const processor = wrap(new SimpleSpanProcessor(exporter));
  const provider = new BasicTracerProvider({ sampler, spanProcessors: [processor] });
  const tracer = provider.getTracer('test');
  return {
    exporter,
    processor,
    provider,
    tracer,
    start(
      name: string,
      options: { parent?: Context; kind?: SpanKind; attributes?: Attributes } = {},
    ): Span {
      return tracer.startSpan(
        name,
        { kind: options.kind, attributes: options.attributes },
        options.parent ?? ROOT_CONTEXT,
      );
    },
    exported: () => exporter.spans,
  };
}

/** Context whose parent is `span`. */
export const under = (span: Span): Context => trace.setSpan(ROOT_CONTEXT, span);

/** Context with a remote parent, as a propagator would extract it. */
export function remoteParent(traceId: string, flags: number, tracestate?: string): Context {
  const spanContext: SpanContext = {
    traceId,
    spanId: '00f067aa0ba902b7',
    traceFlags: flags,
    isRemote: true,
    traceState: tracestate === undefined ? undefined : new TraceState(tracestate),
  };
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

/** A trace id whose rightmost 56 bits (the randomness) are `randomness` (14 hex digits). */
export const traceIdWith = (randomness: string): string => '4bf92f3577b34da6a3' + randomness;

export const SAMPLED = TraceFlags.SAMPLED;

/** Deterministic pseudo-random trace ids (xorshift), so statistical tests are reproducible. */
export function* randomTraceIds(count: number, seed = 0x9e3779b9): Generator<string> {
  let x = seed >>> 0;
  const next = (): string => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x.toString(16).padStart(8, '0');
  };
  for (let i = 0; i < count; i++) yield next() + next() + next() + next();
}
