import { startReceiver, type OtlpReceiver } from '@otelkit/testing';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

let nextId = 1;
function span(name: string, traceId: string) {
  const spanId = (nextId++).toString(16).padStart(16, '0');
  return { traceId, spanId, name, kind: 1, startTimeUnixNano: '1', endTimeUnixNano: '2' };
}

function send(...spans: ReturnType<typeof span>[]) {
  const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
  return fetch(receiver.tracesUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
}

const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';

test('waitForSpans(count) resolves once enough spans arrived, with a snapshot', async () => {
  const waiting = receiver.waitForSpans(2);
  await send(span('a', T1));
  await send(span('b', T1), span('c', T1));
  const spans = await waiting;
  expect(spans.map((s) => s.name)).toEqual(['a', 'b', 'c']);
  await send(span('d', T1));
  expect(spans).toHaveLength(3);
  expect(receiver.spans).toHaveLength(4);
});

test('waitForSpans resolves at once when the spans are already there', async () => {
  await send(span('a', T1));
  await expect(receiver.waitForSpans(1, { timeoutMs: 50 })).resolves.toHaveLength(1);
});

test('waitForSpans(predicate) waits for the predicate', async () => {
  const waiting = receiver.waitForSpans((spans) => spans.some((s) => s.name === 'late'));
  await send(span('early', T1));
  await send(span('late', T1));
  expect((await waiting).map((s) => s.name)).toEqual(['early', 'late']);
});

test('a timeout names the spans and requests received so far', async () => {
  await send(span('GET /only-one', T1));
  await fetch(receiver.url + '/wrong/path', { method: 'POST', body: '{}' });
  const error = await receiver.waitForSpans(3, { timeoutMs: 100 }).catch((e: Error) => e);
  expect((error as Error).message).toMatch(
    /waitForSpans\(3\) timed out after 100 ms; 1 span\(s\) received so far/,
  );
  expect((error as Error).message).toMatch(/"GET \/only-one" INTERNAL/);
  expect((error as Error).message).toMatch(/2 request\(s\)/);
  expect((error as Error).message).toMatch(/POST \/wrong\/path .*→ 404/);
});

test('a timeout with nothing received says so', async () => {
  await expect(receiver.waitForSpans(1, { timeoutMs: 50 })).rejects.toThrow(
    /no OTLP request arrived at the receiver/,
  );
});

test('a throwing predicate rejects the wait', async () => {
  const waiting = receiver.waitForSpans(() => {
    throw new Error('predicate bug');
  });
  await expect(waiting).rejects.toThrow('predicate bug');
});

test('waitForTrace resolves with only the matching trace', async () => {
  const waiting = receiver.waitForTrace((spans) => spans.length === 2);
  await send(span('t1-a', T1), span('t2-a', T2));
  await send(span('t2-b', T2));
  expect((await waiting).map((s) => s.name)).toEqual(['t2-a', 't2-b']);
});

test('clear forgets spans and requests but keeps the arrays', async () => {
  const { spans, requests } = receiver;
  await send(span('a', T1));
  receiver.clear();
  expect(receiver.spans).toBe(spans);
  expect(spans).toEqual([]);
  expect(requests).toEqual([]);
});

test('close rejects pending waits', async () => {
  const waiting = receiver.waitForSpans(1);
  await receiver.close();
  await expect(waiting).rejects.toThrow(/receiver closed/);
});
