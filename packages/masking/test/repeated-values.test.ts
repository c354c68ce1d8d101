import type { Attributes } from '@opentelemetry/api';
import type { MaskingOptions } from '@otelkit/masking';
import { record } from './helpers/record';
import type { SpanInput } from './helpers/record';

// The engine remembers the last value masked under each key (value-memo.ts): spans of one kind repeat their values,
// and each span must still come out exactly as if it were the only one masked.
const SUMMARY = 'otelkit.masking.count';
const alone = (options: MaskingOptions, input: SpanInput) => {
  const span = record(options, input)[0];
  return { name: span.name, attributes: span.attributes };
};
const inputs = (spans: Array<Attributes | SpanInput>): SpanInput[] =>
  spans.map((s) =>
    'attributes' in s || 'name' in s ? (s as SpanInput) : { attributes: s as Attributes },
  );

test.each<[string, MaskingOptions, Array<Attributes | SpanInput>]>([
  [
    'a dirty value repeated: same result and count on every span',
    {},
    [
      { q: 'user=alice@example.com' },
      { q: 'user=alice@example.com' },
      { q: 'user=alice@example.com' },
    ],
  ],
  [
    'a clean value between dirty ones',
    {},
    [
      { q: 'user=alice@example.com' },
      { q: 'page=2' },
      { q: 'user=alice@example.com' },
      { q: 'page=2' },
    ],
  ],
  [
    'a repeated value that repeats the secret of a key met later on that span only',
    {},
    [
      { msg: 'login with s3cr3t-Passw0rd failed' },
      { msg: 'login with s3cr3t-Passw0rd failed', password: 's3cr3t-Passw0rd' },
      { msg: 'login with s3cr3t-Passw0rd failed' },
    ],
  ],
  [
    'a repeated value after a span whose secret key came first',
    {},
    [
      { password: 's3cr3t-Passw0rd', msg: 'login with s3cr3t-Passw0rd failed' },
      { password: 's3cr3t-Passw0rd', msg: 'login with s3cr3t-Passw0rd failed' },
      { msg: 'login with s3cr3t-Passw0rd failed' },
    ],
  ],
  [
    'hashed by key',
    { rules: [{ keys: 'user.id', action: 'hash' }], hashKey: 'k' },
    [{ 'user.id': 'u-1' }, { 'user.id': 'u-1' }, { 'user.id': 'u-2' }, { 'user.id': 'u-1' }],
  ],
  [
    'deleted by value',
    { rules: [{ keys: 'note', pattern: '/secret/', action: 'delete' }] },
    [
      { note: 'a secret', n: 1 },
      { note: 'a secret', n: 2 },
      { note: 'public', n: 3 },
    ],
  ],
  [
    'a span name repeated, then repeating a secret of its span',
    {},
    [
      { name: 'GET /reset?token=abcdef123456', attributes: { n: 1 } },
      { name: 'GET /reset?token=abcdef123456', attributes: { n: 2 } },
      { name: 'login s3cr3t-Passw0rd', attributes: { n: 3 } },
      { name: 'login s3cr3t-Passw0rd', attributes: { password: 's3cr3t-Passw0rd' } },
      { name: 'GET /reset?token=abcdef123456', attributes: { n: 4 } },
    ],
  ],
])('%s', (_name, options, spans) => {
  const together = record(options, ...inputs(spans)).map((s) => ({
    name: s.name,
    attributes: s.attributes,
  }));
  const each = inputs(spans).map((input) => alone(options, input));
  expect(together).toEqual(each);
  // The cases are only worth something if masking did happen.
  expect(each.some((s) => (s.attributes[SUMMARY] as number) > 0)).toBe(true);
});
