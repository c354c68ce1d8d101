import { JsonSpanEncoder, ProtobufSpanEncoder } from '@otelkit/export';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { buildCorpus } from './helpers/corpus';

/** The corpus repeated until the batch spans several slices (and several resources and scopes). */
function bigBatch(): ReadableSpan[] {
  const corpus = buildCorpus();
  const spans: ReadableSpan[] = [];
  while (spans.length < 300) spans.push(...corpus);
  return spans;
}

test.each([
  ['protobuf', () => new ProtobufSpanEncoder()],
  ['JSON', () => new JsonSpanEncoder()],
])(
  '%s: a batch encoded in slices gives the same bytes as in one go, and lets the event loop run between slices',
  async (_name, make) => {
    const spans = bigBatch();
    const whole = Buffer.from(make().encode(spans));
    const encoder = make();
    let turns = 0;
    let counting = true;
    const countTurns = () => {
      turns++;
      if (counting) setImmediate(countTurns);
    };
    setImmediate(countTurns);
    const sliced = await encoder.encodeSliced(spans, 16);
    counting = false;
    expect(sliced.equals(whole)).toBe(true);
    // 300+ spans at 16 per slice: the event loop turned between slices.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(spans.length / 16) - 1);
  },
);
