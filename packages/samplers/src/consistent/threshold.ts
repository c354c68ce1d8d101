/** 2^56: the number of distinct 56-bit randomness values, also the largest adjusted count. */
export const MAX_ADJUSTED_COUNT = 1n << 56n;

/** Default number of significant hex digits for encoded thresholds, as the spec recommends. */
export const DEFAULT_PRECISION = 4;

const HEX_DIGITS = 14;
const MIN_PROBABILITY = 2 ** -56;

/**
 * Converts a sampling probability in [2^-56, 1] into a 56-bit rejection threshold rounded to `precision`
 * significant hex digits. Leading `f` digits (probabilities near zero) do not count towards the precision, so
 * small probabilities keep their relative accuracy.
 */
export function probabilityToThreshold(probability: number, precision = DEFAULT_PRECISION): bigint {
  if (!(probability >= MIN_PROBABILITY && probability <= 1)) {
    throw new RangeError(`probability ${probability} is outside [2^-56, 1]`);
  }
  if (!Number.isInteger(precision) || precision < 1 || precision > HEX_DIGITS) {
    throw new RangeError(`precision ${precision} is not an integer in [1, 14]`);
  }
  if (probability === 1) return 0n;
  // frexp exponent: probability = m * 2^exp with m in [0.5, 1); each 4 bits of exponent is one leading `f`.
  const exp = Math.floor(Math.log2(probability)) + 1;
  const digits = Math.min(HEX_DIGITS, precision + Math.floor(exp / -4));
  // probability * 2^56 is exact in a double (only the exponent changes), so the subtraction is exact too.
  const rejection = MAX_ADJUSTED_COUNT - BigInt(Math.round(probability * 2 ** 56));
  const unit = 16n ** BigInt(HEX_DIGITS - digits);
  const rounded = ((rejection + unit / 2n) / unit) * unit;
  return rounded >= MAX_ADJUSTED_COUNT ? MAX_ADJUSTED_COUNT - 1n : rounded;
}

/** Probability that a span is kept under `threshold`: (2^56 - threshold) / 2^56. */
export function thresholdToProbability(threshold: bigint): number {
  return Number(MAX_ADJUSTED_COUNT - threshold) / Number(MAX_ADJUSTED_COUNT);
}

/** How many spans of the population one span sampled at `threshold` represents (1 / probability). */
export function adjustedCount(threshold: bigint): number {
  return Number(MAX_ADJUSTED_COUNT) / Number(MAX_ADJUSTED_COUNT - threshold);
}

/** Encodes a threshold as a `th` value: lowercase hex, 14 digits with trailing zeros removed, `0` for 100%. */
export function encodeThreshold(threshold: bigint): string {
  if (threshold < 0n || threshold >= MAX_ADJUSTED_COUNT) {
    throw new RangeError(`threshold ${threshold} is outside [0, 2^56)`);
  }
  if (threshold === 0n) return '0';
  return threshold.toString(16).padStart(HEX_DIGITS, '0').replace(/0+$/, '');
}

const TH_VALUE = /^[0-9a-f]{1,14}$/;

/** Decodes a `th` value (1 to 14 lowercase hex digits, implicitly right-padded with zeros); undefined if invalid. */
export function decodeThreshold(value: string): bigint | undefined {
  if (!TH_VALUE.test(value)) return undefined;
  return BigInt('0x' + value.padEnd(HEX_DIGITS, '0'));
}

/** The 14-digit lowercase form used for allocation-free comparisons against trace ids and `rv` values. */
export function paddedHex(value: bigint): string {
  return value.toString(16).padStart(HEX_DIGITS, '0');
}
