import { ProtoWriter } from '../src/proto/writer';

/** Reads a fixed64 little-endian as BigInt. */
const fixed64 = (bytes: Buffer): bigint => bytes.readBigUInt64LE(0);

/** Reads a varint length prefix: [value, bytes used]. */
function varint(bytes: Buffer, at = 0): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++];
    value += (b & 127) * 2 ** shift;
    if (b < 128) return [value, i - at];
    shift += 7;
  }
}

describe('hrTime writes exact fixed64 nanoseconds without BigInt', () => {
  // 4_611_686_018 is where the fast split stops being exact and the far-future path takes over.
  const seconds = [
    0,
    1,
    9007,
    65535,
    65536,
    1_700_000_000,
    1_763_000_000,
    2 ** 31 - 1,
    2 ** 32 - 1,
    4_611_686_018,
    4_611_686_019,
    2 ** 33,
  ];
  const nanos = [0, 1, 999_999_999, 500_000_000, 123_456_789];
  const rows = seconds.flatMap((s) => nanos.map((n) => [s, n] as const));

  test.each(rows)('[%d s, %d ns]', (s, n) => {
    const w = new ProtoWriter(16);
    w.hrTime(s, n);
    expect(fixed64(w.finish())).toBe(BigInt(s) * 1_000_000_000n + BigInt(n));
  });

  test('10,000 random times up to the year 2125', () => {
    const w = new ProtoWriter(16);
    for (let i = 0; i < 10_000; i++) {
      const s = Math.floor(Math.random() * 4_900_000_000);
      const n = Math.floor(Math.random() * 1e9);
      w.reset();
      w.hrTime(s, n);
      expect(fixed64(w.finish())).toBe(BigInt(s) * 1_000_000_000n + BigInt(n));
    }
  });
});

describe('nested lengths stay canonical whatever the body size', () => {
  // Sizes around every varint boundary the writer reserves for: 1 byte (begin) and 2 bytes (beginLong).
  const sizes = [0, 1, 127, 128, 129, 16383, 16384, 16385, 2_097_151, 2_097_152];

  test.each(sizes)('begin/end with a %d-byte body', (size) => {
    const w = new ProtoWriter(8);
    const start = w.begin();
    for (let i = 0; i < size; i++) w.raw(Uint8Array.of(i & 255));
    w.end(start);
    const out = w.finish();
    const [len, used] = varint(out);
    expect(len).toBe(size);
    expect(out.length).toBe(used + size);
    if (size > 0) expect(out[used + size - 1]).toBe((size - 1) & 255);
    // Canonical: no redundant continuation byte.
    expect(used).toBe(size < 128 ? 1 : size < 16384 ? 2 : size < 2097152 ? 3 : 4);
  });

  test.each(sizes)('beginLong/endLong with a %d-byte body', (size) => {
    const w = new ProtoWriter(8);
    w.raw(Uint8Array.of(0xaa));
    const start = w.beginLong();
    w.raw(Buffer.alloc(size, 7));
    w.endLong(start);
    w.raw(Uint8Array.of(0xbb));
    const out = w.finish();
    const [len, used] = varint(out, 1);
    expect(len).toBe(size);
    expect(used).toBe(size < 128 ? 1 : size < 16384 ? 2 : size < 2097152 ? 3 : 4);
    expect(out.length).toBe(1 + used + size + 1);
    expect(out[out.length - 1]).toBe(0xbb);
    expect(out.subarray(1 + used, 1 + used + size).every((b) => b === 7)).toBe(true);
  });
});

describe('strings: the byte loop and the native write agree', () => {
  const values = [
    '',
    'a',
    'GET',
    '/items/42',
    'x'.repeat(15),
    'y'.repeat(16),
    'z'.repeat(42),
    'w'.repeat(43),
    'ü',
    'aé',
    'route-ключ-16char',
    '😀'.repeat(20),
    'a'.repeat(15) + '€',
    'b'.repeat(300),
  ];

  test.each(values.map((v) => [v.length, v]))('%d chars', (_n, value) => {
    const w = new ProtoWriter(4);
    w.string(value);
    const out = w.finish();
    const [len, used] = varint(out);
    expect(len).toBe(Buffer.byteLength(value));
    expect(out.subarray(used).toString('utf8')).toBe(value);
  });
});

describe('keyValueString writes what the writer call by call writes', () => {
  /** KeyValue under `field` the long way: every tag and length through its own call. */
  function generic(field: number, key: string, value: string): Buffer {
    const w = new ProtoWriter(4);
    w.tag(field, 2);
    const kv = w.begin();
    w.tag(1, 2);
    w.string(key);
    w.tag(2, 2);
    const any = w.begin();
    w.tag(1, 2);
    w.string(value);
    w.end(any);
    w.end(kv);
    return w.finish();
  }

  /** The key's encoded field, as the attribute cache keeps it. */
  function keyField(key: string): Buffer {
    const w = new ProtoWriter(4);
    w.tag(1, 2);
    w.string(key);
    return w.finish();
  }

  test.each([
    ['an ASCII path', 'url.path', '/items/42'],
    ['an empty value', 'k', ''],
    ['23 and 24 characters (loop, native)', 'x'.repeat(20), 'a'.repeat(23) + 'b'],
    ['40 characters', 'key', 'v'.repeat(40)],
    ['non-ASCII after ASCII', 'name', 'abc-ключ'],
    ['emoji', 'e', '😀'.repeat(20)],
    ['a 62-character key (64-byte field)', 'k'.repeat(62), 'value'],
    ['a KeyValue over 127 bytes', 'k'.repeat(62), '€'.repeat(40)],
  ])('%s', (_name, key, value) => {
    for (const field of [1, 3, 9]) {
      const w = new ProtoWriter(4);
      expect(w.keyValueString(field, keyField(key), value)).toBe(true);
      expect(w.finish()).toEqual(generic(field, key, value));
    }
  });

  test.each([
    ['a value over 40 characters', 'key', 'v'.repeat(41)],
    ['a key field over 64 bytes', 'k'.repeat(63), 'value'],
  ])('declines %s and writes nothing', (_name, key, value) => {
    const w = new ProtoWriter(4);
    expect(w.keyValueString(9, keyField(key), value)).toBe(false);
    expect(w.pos).toBe(0);
  });
});

describe('ids', () => {
  const trace = '0af7651916cd43dd8448eb211c80319c';
  const span = 'b7ad6b7169203331';

  test('trace, span and parent ids as fields 1, 2 and 4; a repeated trace id reuses its bytes', () => {
    const w = new ProtoWriter(4);
    w.ids(trace, span, 'a'.repeat(16));
    w.ids(trace, span, undefined);
    const expected = Buffer.concat([
      Buffer.from([0x0a, 16]),
      Buffer.from(trace, 'hex'),
      Buffer.from([0x12, 8]),
      Buffer.from(span, 'hex'),
      Buffer.from([0x22, 8]),
      Buffer.from('a'.repeat(16), 'hex'),
    ]);
    const second = Buffer.concat([expected.subarray(0, 28)]);
    expect(w.finish()).toEqual(Buffer.concat([expected, second]));
  });

  test('a trace id after another is decoded afresh, not taken from the one before (A, B, A)', () => {
    const other = 'FFEEDDCCBBAA99887766554433221100';
    const w = new ProtoWriter(4);
    for (const t of [trace, other, trace, other, other]) w.ids(t, span, undefined);
    const one = (t: string) =>
      Buffer.concat([
        Buffer.from([0x0a, 16]),
        Buffer.from(t, 'hex'),
        Buffer.from([0x12, 8]),
        Buffer.from(span, 'hex'),
      ]);
    expect(w.finish()).toEqual(
      Buffer.concat([one(trace), one(other), one(trace), one(other), one(other)]),
    );
  });

  test.each([
    ['upper case', 'ABCDEF0123456789'],
    ['24 digits', '0123456789abcdef01234567'],
    ['64 digits', 'f0e1d2c3b4a59687'.repeat(4)],
  ])('a %s span or parent id decodes like Buffer.from(hex)', (_name, hex) => {
    const w = new ProtoWriter(4);
    w.ids(trace, hex, hex);
    const bytes = Buffer.from(hex, 'hex');
    const expected = Buffer.concat([
      Buffer.from([0x0a, 16]),
      Buffer.from(trace, 'hex'),
      Buffer.from([0x12, bytes.length]),
      bytes,
      Buffer.from([0x22, bytes.length]),
      bytes,
    ]);
    expect(w.finish()).toEqual(expected);
  });

  test.each([
    ['odd length', 'abc', 2],
    ['over 64 digits', 'f'.repeat(300), 32],
  ])('a malformed id (%s) keeps a valid length byte', (_name, hex, bytes) => {
    const w = new ProtoWriter(4);
    w.ids(hex, span, undefined);
    const out = w.finish();
    expect(out[1]).toBe(bytes);
    expect(out[2 + bytes]).toBe(0x12);
    expect(out.subarray(4 + bytes).toString('hex')).toBe(span);
  });
});
