import { DEFAULT_MAX_VALUE_LENGTH } from '@otelkit/masking';
import { record, recordOne } from './helpers/record';

const none = { preset: 'none' as const };

test('string arrays are masked element by element and stay string arrays', () => {
  const span = recordOne(
    {},
    { attributes: { to: ['a@b.io', 'nobody', 'c@d.io'], 'db.password': ['x', 'y'] } },
  );
  expect(span.attributes.to).toEqual(['[REDACTED]', 'nobody', '[REDACTED]']);
  expect(span.attributes['db.password']).toEqual(['[REDACTED]', '[REDACTED]']);
  expect(span.attributes['otelkit.masking.count']).toBe(4);
});

test('an unchanged array is the same array (nothing allocated)', () => {
  const value = ['a', 'b'];
  const span = recordOne({}, { attributes: { list: value } });
  expect(span.attributes.list).toEqual(value);
});

test('numbers and booleans keep their type unless a rule masks them by key', () => {
  const span = recordOne(
    {
      ...none,
      rules: [
        { keys: 'pin', action: 'redact' },
        { keys: 'n', action: 'truncate', maxBytes: 1 },
        { keys: 'b', action: 'delete' },
      ],
    },
    { attributes: { pin: 1234, n: 123456, b: true, other: 42 } },
  );
  expect(span.attributes).toEqual({
    pin: '[REDACTED]',
    n: 123456,
    other: 42,
    'otelkit.masking.count': 2,
  });
});

test('a card number stored as a number is masked; other big integers are kept', () => {
  const span = recordOne(
    {},
    { attributes: { card: 4111111111111111, bytes: 1718000000000, small: 4111 } },
  );
  expect(span.attributes).toMatchObject({ card: '[REDACTED]', bytes: 1718000000000, small: 4111 });
});

test('a numeric array with a masked element becomes a string array (kept homogeneous)', () => {
  const span = recordOne({}, { attributes: { nums: [4111111111111111, 7] } });
  expect(span.attributes.nums).toEqual(['[REDACTED]', '7']);
});

test('hash on a number hashes its decimal text', () => {
  const span = recordOne(
    { ...none, hashKey: 'k', rules: [{ keys: 'id', action: 'hash' }] },
    { attributes: { id: 42 } },
  );
  expect(span.attributes.id).toMatch(/^[0-9a-f]{64}$/);
});

test('structured values written straight into span attributes are walked and masked', () => {
  // setAttribute rejects objects, but code that writes span.attributes directly can leave one there.
  const span = recordOne({}, { name: 's' });
  expect(span).toBeDefined();
  const { MaskingSpanProcessor } = jest.requireActual(
    '@otelkit/masking',
  ) as typeof import('@otelkit/masking');
  const processor = new MaskingSpanProcessor({ warn: () => {} });
  const fake = {
    name: 'n',
    kind: 0,
    attributes: { payload: { user: { email: 'a@b.io', age: 3 }, tags: ['x'] } } as Record<
      string,
      unknown
    >,
    events: [],
    links: [],
    status: { code: 0 },
    spanContext: () => ({ traceId: '1', spanId: '2', traceFlags: 1 }),
  };
  processor.onEnding(fake as never);
  expect(fake.attributes.payload).toEqual({ user: { email: '[REDACTED]', age: 3 }, tags: ['x'] });
});

test('values longer than maxValueLength are cut before any regex runs (and the cut part cannot leak)', () => {
  const big = 'a'.repeat(1024 * 1024) + ' password=hunter2';
  const span = recordOne({}, { attributes: { big } });
  expect((span.attributes.big as string).length).toBe(DEFAULT_MAX_VALUE_LENGTH);
  expect(span.attributes.big).not.toContain('hunter2');
});

test('the cap never splits a surrogate pair', () => {
  const value = 'a'.repeat(63) + '😀' + 'b'.repeat(10);
  const span = recordOne({ maxValueLength: 64 }, { attributes: { v: value } });
  expect(span.attributes.v).toBe('a'.repeat(63));
});

test('each key gets its own rules whatever its position, span after span (plans are cached by position)', () => {
  const spans = record(
    {},
    { attributes: { 'db.password': 'p1', note: 'n1', n: 1 } },
    { attributes: { note: 'n2', 'db.password': 'p2', n: 2 } },
    { attributes: { n: 3, note: 'n3', 'db.password': 'p3' } },
    { attributes: { 'db.password': 'p4', note: 'n4', n: 4 } },
  );
  expect(spans.map((s) => s.attributes)).toEqual(
    [1, 2, 3, 4].map((i) => ({
      'db.password': '[REDACTED]',
      note: `n${i}`,
      n: i,
      'otelkit.masking.count': 1,
    })),
  );
});
