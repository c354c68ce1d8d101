import { cut, echoOption, maskKnown, redactText, redactUrl } from '@otelkit/core';

describe('redactUrl keeps which collector it is and hides credentials', () => {
  test.each([
    ['http://collector:4318/v1/traces', 'http://collector:4318/v1/traces'],
    ['http://user:secret@collector:4318/v1/traces', 'http://***@collector:4318/v1/traces'],
    ['https://token@collector/', 'https://***@collector/'],
    ['https://c/v1/traces?token=abc&tenant=shop', 'https://c/v1/traces?token=***&tenant=shop'],
    ['https://c/?api_key=abc&X-Amz-Signature=def', 'https://c/?api_key=***&X-Amz-Signature=***'],
    ['not a url password=hunter2', 'not a url password=***'],
  ])('%s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('redactText masks credentials in free text and leaves the rest', () => {
  test.each([
    ['Authorization: Bearer abc.def-123', 'Authorization: Bearer ***'],
    ['{"x-api-key":"k3y-value","accept":"*/*"}', '{"x-api-key":"***","accept":"*/*"}'],
    ['login failed password=hunter2 for alice', 'login failed password=*** for alice'],
    ['token: abc123 expired', 'token: *** expired'],
    ['connect postgres://app:s3cret@db/shop failed', 'connect postgres://***@db/shop failed'],
    ['status: ok, 4 spans', 'status: ok, 4 spans'],
    ['16 UNAUTHENTICATED: bad token', '16 UNAUTHENTICATED: bad token'],
    ['401 Unauthorized: invalid audience', '401 Unauthorized: invalid audience'],
    ['16 UNAUTHENTICATED: Bearer abc.def-123', '16 UNAUTHENTICATED: Bearer ***'],
    ['unauthenticated_token=abc123', 'unauthenticated_token=***'],
    ['order 4111111111111112 shipped', 'order 4111111111111112 shipped'],
  ])('%s', (text, shown) => {
    expect(redactText(text)).toBe(shown);
  });
});

describe('cut and echoOption', () => {
  test('cut keeps short text and says how long a long one was', () => {
    expect(cut('short')).toBe('short');
    expect(cut('x'.repeat(500), 10)).toBe('xxxxxxxxx… (500 characters)');
  });

  test.each([
    ['maxQueueSize', 5, '5'],
    ['maxQueueSize', NaN, 'NaN'],
    ['timeoutMillis', Infinity, 'Infinity'],
    ['url', 'http://u:p@c/', '"http://***@c/"'],
    ['headers', { authorization: 'Bearer x' }, '(not shown)'],
    ['headers.authorization', 'Bearer x', '(8 characters, not shown)'],
    ['onEvent', () => 1, 'a function'],
  ])('option %s', (name, value, shown) => {
    expect(echoOption(name, value)).toBe(shown);
  });

  test('maskKnown replaces every known secret wherever it appears', () => {
    expect(maskKnown('a s3cr3t b s3cr3t', new Set(['s3cr3t']))).toBe('a *** b ***');
  });
});
