import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  RandomFlagProcessor,
  TRACE_FLAG_RANDOM,
  createConsistentRatioSampler,
} from '@otelkit/samplers';
import { setup, under } from './helpers/tracing';

const propagator = new W3CTraceContextPropagator();
const inject = (span: ReturnType<ReturnType<typeof setup>['start']>) => {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier;
};
const extract = (traceparent: string, tracestate?: string) =>
  propagator.extract(
    ROOT_CONTEXT,
    tracestate ? { traceparent, tracestate } : { traceparent },
    defaultTextMapGetter,
  );

describe('W3C Trace Context Level 2 random flag', () => {
  const t = setup(createConsistentRatioSampler(1), (next) => new RandomFlagProcessor(next));

  test('root spans get the random flag (SDK trace ids are random), and it goes out on traceparent', () => {
    const root = t.start('root');
    expect(root.spanContext().traceFlags).toBe(0x03);
    expect(inject(root).traceparent).toMatch(/-03$/);
  });

  test('a local child inherits the flag', () => {
    const root = t.start('root');
    const child = t.start('child', { parent: under(root) });
    expect(child.spanContext().traceFlags & TRACE_FLAG_RANDOM).toBe(TRACE_FLAG_RANDOM);
  });

  test('the upstream W3CTraceContextPropagator keeps bit 0x02 on extract and inject', () => {
    const parent = extract(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03',
      'ot=th:0;rv:0123456789abcd',
    );
    expect(trace.getSpanContext(parent)!.traceFlags).toBe(0x03);
    const child = t.start('server', { parent });
    const out = inject(child);
    expect(out.traceparent).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${child.spanContext().spanId}-03`,
    );
    expect(out.tracestate).toBe('ot=th:0;rv:0123456789abcd');
  });

  test('a remote parent without the flag (Level 1 caller) gives children without it', () => {
    const child = t.start('server', {
      parent: extract('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
    });
    expect(child.spanContext().traceFlags).toBe(0x01);
    expect(inject(child).traceparent).toMatch(/-01$/);
  });

  test('randomRoots=false leaves roots alone (for non-random IdGenerators)', () => {
    const custom = setup(
      createConsistentRatioSampler(1),
      (next) => new RandomFlagProcessor(next, false),
    );
    expect(custom.start('root').spanContext().traceFlags).toBe(0x01);
  });
});
