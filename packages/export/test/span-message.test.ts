import { SpanStatusCode } from '@opentelemetry/api';
import { ProtobufSpanEncoder } from '@otelkit/export';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { spanMessageEnd, spanStatusCode } from '../src/proto/span-message';
import { buildCorpus, CollectingProcessor } from './helpers/corpus';

/** Each span encoded alone, then read back: the rare path that makes room for an ERROR span. */
function encodedAlone(span: ReadableSpan) {
  const request = new ProtobufSpanEncoder().openRequest();
  request.add(span);
  const { writer } = request.groups[0];
  return { buf: writer.buf, length: writer.pos };
}

function spansWith(statuses: Array<{ code: SpanStatusCode; message?: string }>, filler = '') {
  const collect = new CollectingProcessor();
  const tracer = new BasicTracerProvider({ spanProcessors: [collect] }).getTracer('t');
  statuses.forEach((status, i) => {
    const span = tracer.startSpan(`s-${i}`, { attributes: { filler } });
    span.addEvent('event', { after: 'attributes' });
    span.setStatus(status);
    span.end();
  });
  return collect.spans;
}

describe('reading back an encoded Span message', () => {
  test.each([
    ['every span of the decoding corpus', buildCorpus()],
    [
      'each status, with and without a message',
      spansWith([
        { code: SpanStatusCode.UNSET },
        { code: SpanStatusCode.OK },
        { code: SpanStatusCode.OK, message: 'fine' },
        { code: SpanStatusCode.ERROR },
        { code: SpanStatusCode.ERROR, message: 'boom' },
      ]),
    ],
    // Message lengths of one, two and three varint bytes.
    ['a 300-byte span', spansWith([{ code: SpanStatusCode.ERROR, message: 'x' }], 'z'.repeat(200))],
    ['a 40 KB span', spansWith([{ code: SpanStatusCode.ERROR, message: 'x' }], 'z'.repeat(40000))],
  ])('%s: status code and message end', (_name, spans) => {
    expect(spans.some((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
    for (const span of spans) {
      const { buf, length } = encodedAlone(span);
      expect([span.name, spanStatusCode(buf, 0)]).toEqual([span.name, span.status.code]);
      expect(spanMessageEnd(buf, 0)).toBe(length);
    }
  });
});

describe('dropOldestNonError', () => {
  const encoder = new ProtobufSpanEncoder();
  const statusesIn = (request: ReturnType<ProtobufSpanEncoder['openRequest']>) =>
    request.groups.flatMap((group) => {
      const names: string[] = [];
      for (let pos = 0; pos < group.writer.pos; pos = spanMessageEnd(group.writer.buf, pos))
        names.push(spanStatusCode(group.writer.buf, pos) === 2 ? 'E' : 'ok');
      return names;
    });

  test('removes the first span without ERROR status, in group order, and never an ERROR span', () => {
    const E = { code: SpanStatusCode.ERROR };
    const ok = { code: SpanStatusCode.OK };
    const request = encoder.openRequest();
    for (const span of spansWith([E, E, ok, E, ok])) request.add(span);
    expect(statusesIn(request)).toEqual(['E', 'E', 'ok', 'E', 'ok']);
    expect(request.dropOldestNonError()).toBe(true);
    expect(statusesIn(request)).toEqual(['E', 'E', 'E', 'ok']);
    expect(request.dropOldestNonError()).toBe(true);
    expect(request.dropOldestNonError()).toBe(false);
    expect(statusesIn(request)).toEqual(['E', 'E', 'E']);
    expect(request.count).toBe(3);
    // A span added later is found even though the errors before it were already passed over.
    for (const span of spansWith([ok, E])) request.add(span);
    expect(request.dropOldestNonError()).toBe(true);
    expect(statusesIn(request)).toEqual(['E', 'E', 'E', 'E']);
  });
});
