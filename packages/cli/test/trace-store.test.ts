import type { ReceivedSpan } from '@otelkit/testing';
import { TraceStore } from '../src/trace-store';

let clock = 1_700_000_000_000_000_000n;

function span(traceId: string, spanId: string, extra: Partial<ReceivedSpan> = {}): ReceivedSpan {
  const start = (clock += 1_000_000n);
  return {
    traceId,
    spanId,
    name: `op ${spanId}`,
    kind: 1,
    kindName: 'INTERNAL',
    startTimeUnixNano: start,
    endTimeUnixNano: start + 5_000_000n,
    durationMs: 5,
    attributes: {},
    events: [],
    links: [],
    status: { code: 0 },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    resource: { 'service.name': 'shop' },
    scope: { name: 'test', attributes: {} },
    serviceName: 'shop',
    ...extra,
  };
}

/** `n` spans of one trace, the first its root. */
function traceOf(traceId: string, n: number): ReceivedSpan[] {
  return Array.from({ length: n }, (_, i) =>
    span(traceId, `s${i}`, i === 0 ? {} : { parentSpanId: 's0' }),
  );
}

describe('TraceStore keeps at most maxSpans spans, evicting the oldest whole traces', () => {
  test.each([
    // [maxSpans, spans per trace of each trace sent in order, traces kept, evicted traces, evicted spans]
    [10, [5, 5], ['t0', 't1'], 0, 0],
    [10, [5, 5, 1], ['t1', 't2'], 1, 5],
    [10, [3, 3, 3, 3], ['t1', 't2', 't3'], 1, 3],
    [10, [12], [], 1, 12],
    [10, [2, 9], ['t1'], 1, 2],
  ])(
    'max %i, traces of %j → keeps %j, evicts %i traces (%i spans)',
    (max, sizes, kept, evicted, evictedSpans) => {
      const store = new TraceStore(max);
      sizes.forEach((n, i) => store.add(traceOf(`t${i}`, n)));
      expect(
        store
          .list()
          .map((t) => t.traceId)
          .reverse(),
      ).toEqual(kept);
      const stats = store.stats();
      expect([stats.evictedTraces, stats.evictedSpans]).toEqual([evicted, evictedSpans]);
      expect(stats.spans).toBeLessThanOrEqual(max);
      expect(stats.receivedSpans).toBe(sizes.reduce((a, b) => a + b, 0));
    },
  );

  test('spans of one trace arriving in several batches make one list row', () => {
    const store = new TraceStore(100);
    const [root, ...children] = traceOf('t0', 4);
    store.add(children);
    expect(store.list()[0]).toMatchObject({ hasRoot: false, spanCount: 3 });
    store.add([root]);
    expect(store.list()).toEqual([
      expect.objectContaining({ traceId: 't0', rootName: 'op s0', hasRoot: true, spanCount: 4 }),
    ]);
  });
});

describe('TraceStore.list filters', () => {
  const store = new TraceStore(1000);
  store.add([span('a1', 'r', { name: 'GET /health', durationMs: 1 })]);
  store.add([
    span('b2', 'r', { name: 'POST /pay', serviceName: 'gateway', status: { code: 2 } }),
    span('b2', 'c', {
      parentSpanId: 'r',
      serviceName: 'payment',
      attributes: { 'order.id': 'order-77' },
    }),
  ]);
  const slow = span('c3', 'r', { name: 'GET /report' });
  store.add([{ ...slow, endTimeUnixNano: slow.startTimeUnixNano + 900_000_000n }]);

  test.each([
    [{}, ['c3', 'b2', 'a1']],
    [{ errorsOnly: true }, ['b2']],
    [{ service: 'payment' }, ['b2']],
    [{ minDurationMs: 500 }, ['c3']],
    [{ text: 'ORDER-77' }, ['b2']],
    [{ text: 'order.id' }, ['b2']],
    [{ text: '/health' }, ['a1']],
    [{ text: 'nothing like this' }, []],
    [{ limit: 1 }, ['c3']],
    [{ errorsOnly: true, service: 'shop' }, []],
  ])('%j → %j', (filter, expected) => {
    expect(store.list(filter).map((t) => t.traceId)).toEqual(expected);
  });
});
