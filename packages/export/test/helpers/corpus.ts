import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Tracer,
} from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SamplingDecision,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Keeps every ended span; nothing else. */
export class CollectingProcessor implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

// Records without sampling for spans named "unsampled", so trace flags 0 reach the encoder too.
const sampler: Sampler = {
  shouldSample: (_ctx, _traceId, name) => ({
    decision: name === 'unsampled' ? SamplingDecision.RECORD : SamplingDecision.RECORD_AND_SAMPLED,
  }),
  toString: () => 'corpus',
};

const remoteParent = (): Context =>
  trace.setSpanContext(context.active(), {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=abc,other=x:y'),
  });

const EVERY_TYPE = {
  str: 'hello',
  'str.empty': '',
  'str.unicode': 'ünïcødé ✓ 日本 🚀',
  'str.long': 'x'.repeat(300),
  'str.huge': 'y'.repeat(20000),
  int: 42,
  'int.zero': 0,
  'int.negative': -5,
  'int.big': 2 ** 40 + 3,
  'int.beyond.safe': 2 ** 60,
  'int.negative.big': -(2 ** 45),
  double: 3.25,
  'double.negative': -0.001,
  'bool.true': true,
  'bool.false': false,
  'arr.str': ['a', '', 'ç'],
  'arr.int': [1, -2, 3000000000],
  'arr.double': [1.5, 2.5],
  'arr.bool': [true, false],
  'arr.with.null': ['a', null, 'b'],
  'arr.empty': [],
};

function richSpans(tracer: Tracer): void {
  tracer.startActiveSpan('root', { kind: SpanKind.SERVER, attributes: EVERY_TYPE }, (root) => {
    root.addEvent('plain');
    root.addEvent('with-attrs', { 'event.n': 1, 'event.s': 'v', 'event.arr': [1, 2] });
    const child = tracer.startSpan('child', {
      kind: SpanKind.CLIENT,
      links: [
        { context: root.spanContext(), attributes: { 'link.attr': 'x', 'link.n': 7 } },
        {
          context: {
            traceId: '11111111111111111111111111111111',
            spanId: '2222222222222222',
            traceFlags: TraceFlags.NONE,
            isRemote: true,
            traceState: new TraceState('k=v'),
          },
        },
      ],
    });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom: ünicode' });
    child.recordException(new Error('kaboom'));
    child.end();
    tracer
      .startSpan('ok-status', { kind: SpanKind.PRODUCER })
      .setStatus({ code: SpanStatusCode.OK })
      .end();
    tracer.startSpan('consumer', { kind: SpanKind.CONSUMER }).end();
    tracer.startSpan('unsampled').end();
    root.end();
  });
  tracer.startSpan('remote-child', { kind: SpanKind.SERVER }, remoteParent()).end();
}

function limitedSpans(tracer: Tracer): void {
  const span = tracer.startSpan('limited', {
    attributes: { a: 1, b: 2, c: 3, d: 4 },
    links: [1, 2, 3].map((n) => ({
      context: {
        traceId: `${n}`.repeat(32),
        spanId: `${n}`.repeat(16),
        traceFlags: TraceFlags.SAMPLED,
      },
      attributes: { x: 1, y: 2, z: 3 },
    })),
  });
  for (let i = 0; i < 3; i++) span.addEvent(`e${i}`, { p: 1, q: 2, r: 3 });
  span.end();
}

/** Many small spans: enough bytes that scope and resource lengths need multi-byte varints. */
function bulkSpans(tracer: Tracer, count: number): void {
  for (let i = 0; i < count; i++) {
    tracer.startSpan(`bulk-${i}`, { attributes: { 'http.route': `/items/${i}`, i } }).end();
  }
}

/**
 * The decoding-equality corpus: every attribute type (bytes and kvlist added after end, as the SDK's
 * own setters refuse them), events, links, statuses, trace state, remote parents, trace flags, dropped
 * counts, and spans from two resources and four scopes.
 */
export function buildCorpus(): ReadableSpan[] {
  const first = new CollectingProcessor();
  const providerA = new BasicTracerProvider({
    resource: resourceFromAttributes(
      { 'service.name': 'corpus-a', 'deployment.environment': 'test', 'host.cpus': 2 },
      { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' },
    ),
    sampler,
    spanProcessors: [first],
  });
  richSpans(providerA.getTracer('scope-one', '1.2.3', { schemaUrl: 'https://example.com/s' }));
  bulkSpans(providerA.getTracer('scope-bulk'), 150);
  const second = new CollectingProcessor();
  const providerB = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'corpus-b' }),
    sampler,
    spanLimits: {
      attributeCountLimit: 2,
      eventCountLimit: 2,
      linkCountLimit: 2,
      attributePerEventCountLimit: 1,
      attributePerLinkCountLimit: 1,
    },
    spanProcessors: [second],
  });
  limitedSpans(providerB.getTracer('scope-limited', '0.0.1'));
  richSpans(providerB.getTracer('scope-two'));
  const root = first.spans.find((s) => s.name === 'root')!;
  Object.assign(root.attributes, {
    bytes: new Uint8Array([0, 1, 2, 255]),
    kvlist: { inner: 'v', n: 1, nested: { deep: true }, list: ['x'] },
  });
  // Interleave the two providers so grouping, not arrival order, makes the request.
  const all: ReadableSpan[] = [];
  const longest = Math.max(first.spans.length, second.spans.length);
  for (let i = 0; i < longest; i++) {
    if (first.spans[i]) all.push(first.spans[i]);
    if (second.spans[i]) all.push(second.spans[i]);
  }
  return all;
}
