import { context, trace } from '@opentelemetry/api';
import { StrictTraceContextPropagator } from '@otelkit/propagators';
import { extract, inject } from '../support/round-trip';
import { installTracing } from '../support/tracing';

const { provider } = installTracing();
const propagator = new StrictTraceContextPropagator();
const T = '12345678901234567890123456789012';

test.each([
  ['03', '03'],
  ['02', '02'],
  ['01', '01'],
])(
  'incoming flags %s: a child span of the SDK sends %s (random bit survives one hop)',
  (incoming, sent) => {
    const incomingContext = extract(propagator, {
      traceparent: `00-${T}-1234567890123456-${incoming}`,
    });
    const span = provider.getTracer('t').startSpan('child', {}, incomingContext);
    const out = context.with(trace.setSpan(incomingContext, span), () =>
      inject(propagator, context.active()),
    );
    span.end();
    // The SDK samples the child (parent-based, sampled parent) or not; only the random bit is ours to keep.
    const flags = parseInt(out.traceparent.slice(53), 16);
    expect(flags & 0x02).toBe(parseInt(sent, 16) & 0x02);
    expect(out.traceparent.slice(0, 36)).toBe(`00-${T}-`);
    expect(out.traceparent.slice(36, 52)).toBe(span.spanContext().spanId);
  },
);

test('a new root trace does not claim the random bit', () => {
  const span = provider.getTracer('t').startSpan('root');
  const out = inject(propagator, trace.setSpan(context.active(), span));
  span.end();
  expect(parseInt(out.traceparent.slice(53), 16) & 0x02).toBe(0);
});
