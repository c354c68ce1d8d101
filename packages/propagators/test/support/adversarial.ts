/** Seeded (mulberry32) so a failure reproduces; the seed is printed in the test name. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  '00-12345678901234567890123456789012-1234567890123456-01',
  'cc-12345678901234567890123456789012-1234567890123456-03-future',
  'foo=1,bar@baz=2,k=v v',
  'a=1;p;q=%20,city=S%C3%A3o',
  '105445aa7843bc8bf206b12000100000/18446744073709551615;o=1',
  'req-123',
];
const SPECIAL = [
  '',
  ' ',
  '\t',
  ',',
  ';',
  '=',
  '%',
  '-',
  '@',
  '/',
  '\r\n',
  '\u0000',
  '\ud800',
  'é',
  '😀',
  '%ZZ',
  '%E0%A4',
];

export function adversarialValue(random: () => number): unknown {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)];
  const chars = (n: number, max: number) =>
    String.fromCharCode(...Array.from({ length: n }, () => int(max)));
  switch (int(10)) {
    case 0:
      return chars(int(80), 0x80); // ASCII incl. controls
    case 1:
      return chars(int(80), 0x10000); // any BMP unit, lone surrogates included
    case 2:
      return Buffer.from(Array.from({ length: int(64) }, () => int(256))); // binary
    case 3: {
      const seed = pick(SEEDS); // mutation of a valid header
      const at = int(seed.length + 1);
      return seed.slice(0, at) + pick(SPECIAL) + seed.slice(at + int(3));
    }
    case 4:
      return pick(SEEDS).repeat(1 + int(4000)); // huge
    case 5:
      return Array.from({ length: 1 + int(4) }, () => pick(SEEDS)); // repeated header
    case 6:
      return Array.from({ length: int(200) }, () => pick(SPECIAL) + pick(SEEDS)).join(
        pick([',', ';', '']),
      );
    case 7:
      return pick([undefined, null, 0, 42, {}, [], [1, 2], { toString: () => 'x' }, true]);
    case 8:
      return ' '.repeat(int(100_000)) + pick(SEEDS) + '\t'.repeat(int(10));
    default:
      return pick(SEEDS);
  }
}
