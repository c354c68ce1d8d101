import { MAX_RETRY_AFTER_MILLIS, parseRetryAfter } from '@otelkit/export';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('Retry-After is read as RFC 9110 says: delta-seconds or an HTTP-date', () => {
  test.each([
    ['5', 5000],
    ['0', 0],
    [' 7 ', 7000],
    ['99999999999999999999', Number.MAX_SAFE_INTEGER],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000], // IMF-fixdate
    ['Thursday, 01-Jan-26 00:00:10 GMT', 10_000], // obsolete RFC 850
    ['Thu Jan  1 00:00:10 2026', 10_000], // obsolete asctime, GMT
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0], // in the past: now
    ['Fri, 01 Jan 2100 00:00:00 GMT', Date.parse('2100-01-01T00:00:00Z') - NOW],
  ])('%p → %p ms', (value, millis) => {
    expect(parseRetryAfter(value, NOW)).toBe(millis);
  });

  test.each([
    undefined,
    '',
    '-5',
    '1.5',
    '1e3',
    '+5',
    '0x10',
    'soon',
    '2026-01-01T00:00:10Z',
    'Thu, 01 Jan 2026 00:00:10 GMT+5',
    'Thu, 01 Jan 2026 00:00:10',
  ])('%p → undefined (the backoff applies)', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  test('the cap is 30 s and below the setTimeout limit', () => {
    expect(MAX_RETRY_AFTER_MILLIS).toBe(30_000);
    expect(MAX_RETRY_AFTER_MILLIS).toBeLessThan(2 ** 31 - 1);
  });
});
