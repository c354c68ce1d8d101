// The options a long-running receiver needs (`otelkit view`): spans handed over instead of kept,
// and a bound on request bodies.
import { gzipSync } from 'node:zlib';
import { startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';

let receiver: OtlpReceiver;
afterEach(() => receiver?.close());

const SPAN_JSON = JSON.stringify({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'root',
              startTimeUnixNano: '1',
              endTimeUnixNano: '2',
            },
          ],
        },
      ],
    },
  ],
});

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(receiver.url + '/v1/traces', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('onSpans and retain', () => {
  test.each([
    [undefined, 1, 1],
    [true, 1, 1],
    [false, 0, 0],
  ])(
    'retain %s: onSpans gets the spans; receiver keeps %i span(s), %i request(s)',
    async (retain, spans, requests) => {
      const seen: ReceivedSpan[][] = [];
      receiver = await startReceiver({ retain, onSpans: (s) => seen.push(s) });
      expect((await post(SPAN_JSON)).status).toBe(200);
      expect(seen.map((batch) => batch.map((s) => s.name))).toEqual([['root']]);
      expect([receiver.spans.length, receiver.requests.length]).toEqual([spans, requests]);
    },
  );

  test('a throwing onSpans does not change the answer', async () => {
    receiver = await startReceiver({
      onSpans: () => {
        throw new Error('consumer bug');
      },
    });
    expect((await post(SPAN_JSON)).status).toBe(200);
    expect(receiver.spans).toHaveLength(1);
  });

  test('rejected requests never reach onSpans', async () => {
    const seen: unknown[] = [];
    receiver = await startReceiver({
      onSpans: (s) => seen.push(s),
      respond: () => ({ status: 503 }),
    });
    expect((await post(SPAN_JSON)).status).toBe(503);
    expect(seen).toEqual([]);
  });
});

describe('maxBodyBytes', () => {
  test.each([
    ['a body within the limit', Buffer.from(SPAN_JSON), {}, 200],
    ['a body over the limit', Buffer.alloc(2000, 32), {}, 413],
    ['gzip within the limit', gzipSync(SPAN_JSON), { 'content-encoding': 'gzip' }, 200],
    [
      'gzip inflating over the limit',
      gzipSync(Buffer.alloc(100_000, 32)),
      { 'content-encoding': 'gzip' },
      413,
    ],
  ])('%s → %i', async (_what, body, headers, status) => {
    receiver = await startReceiver({ maxBodyBytes: 1000 });
    expect((await post(body, headers)).status).toBe(status);
  });

  test.each([0, -1, 1.5, 'big', 2 ** 40])(
    'maxBodyBytes %p throws a TypeError naming it',
    async (value) => {
      await expect(startReceiver({ maxBodyBytes: value as number })).rejects.toThrow(
        /startReceiver\.maxBodyBytes/,
      );
    },
  );
});
