import type { HrTime } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonSpanEncoder } from '@otelkit/export';
import { CollectingProcessor } from './helpers/corpus';

/** A real ended span (with one event) whose start, end and event times are then set to `time`. */
function spanAt(time: HrTime): ReadableSpan {
  const processor = new CollectingProcessor();
  const span = new BasicTracerProvider({ spanProcessors: [processor] })
    .getTracer('timestamps')
    .startSpan('t');
  span.addEvent('e');
  span.end();
  const ended = processor.spans[0];
  Object.assign(ended, { startTime: time, endTime: time });
  Object.assign(ended.events[0], { time });
  return ended;
}

const timesOf = (json: Buffer | Uint8Array) => {
  const span = JSON.parse(Buffer.from(json).toString('utf8')).resourceSpans[0].scopeSpans[0]
    .spans[0];
  return [span.startTimeUnixNano, span.endTimeUnixNano, span.events[0].timeUnixNano];
};

// [seconds, nanos] → the exact decimal nanoseconds. 2^53 ns is 9007199 s + 254740992 ns.
const TIMES: [HrTime, string][] = [
  [[0, 0], '0'],
  [[0, 5], '5'],
  [[0, 999999999], '999999999'],
  [[1, 0], '1000000000'],
  [[1, 5], '1000000005'],
  [[9007199, 254740991], '9007199254740991'],
  [[9007199, 254740992], '9007199254740992'],
  [[9007199, 254740993], '9007199254740993'],
  [[1700000000, 0], '1700000000000000000'],
  [[1700000000, 123456789], '1700000000123456789'],
  [[1700000000, 999999999], '1700000000999999999'],
  [[2147483648, 1], '2147483648000000001'], // past 2038: seconds beyond int32
  [[4294967296, 7], '4294967296000000007'], // past 2106: seconds beyond uint32
  [[Number.MAX_SAFE_INTEGER, 999999999], '9007199254740991999999999'],
  [[2 ** 60, 0], '1152921504606846976000000000'],
  // Outside the SDK's own shape: summed exactly, fractions truncated, as upstream's hrTimeToNanos does.
  [[1, 1500000000], '2500000000'],
  [[1700000000, 1000000000], '1700000001000000000'],
  [[2, -1], '1999999999'],
  [[-1, 0], '-1000000000'],
  [[0, -5], '-5'],
  [[1.9, 3.7], '1000000003'],
];

describe('JSON timestamps are exact decimal nanoseconds', () => {
  test.each(TIMES)('%p → %s', (time, expected) => {
    const span = spanAt(time);
    const ours = timesOf(new JsonSpanEncoder().encode([span]));
    expect(ours).toEqual([expected, expected, expected]);
  });

  test('consecutive spans in the same and in different seconds', () => {
    const times: HrTime[] = [
      [1700000000, 1],
      [1700000000, 2],
      [1700000001, 0],
      [1700000000, 3],
      [0, 4],
      [1700000000, 5],
    ];
    const encoder = new JsonSpanEncoder();
    const request = JSON.parse(encoder.encode(times.map(spanAt)).toString('utf8'));
    const starts = request.resourceSpans.flatMap((r: { scopeSpans: { spans: object[] }[] }) =>
      r.scopeSpans.flatMap((s) =>
        s.spans.map((span) => (span as { startTimeUnixNano: string }).startTimeUnixNano),
      ),
    );
    expect(starts).toEqual([
      '1700000000000000001',
      '1700000000000000002',
      '1700000001000000000',
      '1700000000000000003',
      '4',
      '1700000000000000005',
    ]);
  });
});
