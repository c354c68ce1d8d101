import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  HeaderForwardingPropagator,
  StrictBaggagePropagator,
  StrictTraceContextPropagator,
} from '@otelkit/propagators';

/** A real SDK with an in-memory exporter, the async-hooks context manager and our propagators installed globally. */
export function installTracing(): {
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [
          new StrictTraceContextPropagator(),
          new StrictBaggagePropagator(),
          new HeaderForwardingPropagator({ headers: ['x-request-id'] }),
        ],
      }),
    );
  });
  afterEach(() => exporter.reset());
  afterAll(() => {
    context.disable();
    propagation.disable();
  });
  return { exporter, provider };
}
