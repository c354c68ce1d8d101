import {
  adjustedCount,
  decodeThreshold,
  encodeThreshold,
  probabilityToThreshold,
  thresholdToProbability,
} from '@otelkit/samplers';

// The table in the OTel spec (tracestate-probability-sampling.md, "Converting floating-point probability to
// threshold value"): 1-in-N, then the th value at precision 3, 4 and 5.
const SPEC_TABLE: Array<[number, string, string, string]> = [
  [1, '0', '0', '0'],
  [2, '8', '8', '8'],
  [3, 'aab', 'aaab', 'aaaab'],
  [4, 'c', 'c', 'c'],
  [5, 'ccd', 'cccd', 'ccccd'],
  [8, 'e', 'e', 'e'],
  [10, 'e66', 'e666', 'e6666'],
  [16, 'f', 'f', 'f'],
  [100, 'fd71', 'fd70a', 'fd70a4'],
  [1000, 'ffbe7', 'ffbe77', 'ffbe76d'],
  [10000, 'fff972', 'fff9724', 'fff97247'],
  [100000, 'ffff584', 'ffff583a', 'ffff583a5'],
  [1000000, 'ffffef4', 'ffffef39', 'ffffef391'],
];

describe('threshold encoding', () => {
  test.each(SPEC_TABLE)(
    '1-in-%d encodes as the spec table says at precision 3, 4, 5',
    (n, p3, p4, p5) => {
      expect(encodeThreshold(probabilityToThreshold(1 / n, 3))).toBe(p3);
      expect(encodeThreshold(probabilityToThreshold(1 / n, 4))).toBe(p4);
      expect(encodeThreshold(probabilityToThreshold(1 / n, 5))).toBe(p5);
    },
  );

  test.each(SPEC_TABLE)('1-in-%d round-trips through decode at every precision', (n, ...values) => {
    for (const value of values) {
      const decoded = decodeThreshold(value)!;
      expect(encodeThreshold(decoded)).toBe(value);
      // The decoded probability stays within the precision's rounding of 1/n.
      expect(Math.abs(thresholdToProbability(decoded) - 1 / n)).toBeLessThan(1 / n / 100);
    }
  });

  test('the default precision is 4: 1/3 -> aaab, 1% -> fd70a (precision grows with leading f digits)', () => {
    expect(encodeThreshold(probabilityToThreshold(1 / 3))).toBe('aaab');
    expect(encodeThreshold(probabilityToThreshold(0.01))).toBe('fd70a');
    expect(encodeThreshold(probabilityToThreshold(0.1))).toBe('e666');
  });

  test('th:0 means 100%: probability 1, adjusted count 1', () => {
    expect(decodeThreshold('0')).toBe(0n);
    expect(thresholdToProbability(0n)).toBe(1);
    expect(adjustedCount(0n)).toBe(1);
  });

  test('adjusted count is the inverse probability (spec table values)', () => {
    expect(adjustedCount(decodeThreshold('8')!)).toBe(2);
    expect(adjustedCount(decodeThreshold('aaab')!)).toBeCloseTo(3.00004577706569, 10);
    expect(adjustedCount(decodeThreshold('fd70a')!)).toBeCloseTo(99.99771123402633, 8);
  });

  test('the smallest probability 2^-56 gives the largest threshold', () => {
    expect(encodeThreshold(probabilityToThreshold(2 ** -56, 14))).toBe('ffffffffffffff');
  });

  test.each([
    ['', 'empty'],
    ['0x8', 'prefix'],
    ['ABC', 'upper case'],
    ['8g', 'not hex'],
    ['123456789abcdef', '15 digits'],
    [' 8', 'space'],
  ])('decodeThreshold(%j) is undefined (%s), never throws', (value) => {
    expect(decodeThreshold(value)).toBeUndefined();
  });

  test.each([[0], [-0.1], [1.5], [NaN], [2 ** -60]])(
    'probabilityToThreshold(%p) throws a RangeError',
    (p) => {
      expect(() => probabilityToThreshold(p)).toThrow(RangeError);
    },
  );
});
