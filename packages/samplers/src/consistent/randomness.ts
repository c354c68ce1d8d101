/** W3C Trace Context Level 2 `random` trace flag: the rightmost 56 bits of the trace id are random. */
export const TRACE_FLAG_RANDOM = 0x02;

const RV_VALUE = /^[0-9a-f]{14}$/;

/** True when `value` is a valid explicit randomness (`rv`) value: exactly 14 lowercase hex digits. */
export function isValidRandomness(value: string): boolean {
  return RV_VALUE.test(value);
}

/**
 * Consistent decision `R >= T` on 14-digit lowercase hex strings, without allocating: `source` holds the
 * randomness at `offset` (a trace id at 18, or an `rv` value at 0); `paddedThreshold` is the 14-digit threshold.
 * `| 0x20` lower-cases A-F and leaves digits untouched, so upper-case trace ids compare correctly.
 */
export function randomnessAtLeast(
  source: string,
  offset: number,
  paddedThreshold: string,
): boolean {
  for (let i = 0; i < 14; i++) {
    const r = source.charCodeAt(offset + i) | 0x20;
    const t = paddedThreshold.charCodeAt(i);
    if (r !== t) return r > t;
  }
  return true;
}

/** The 56-bit randomness of a trace: the explicit `rv` when present, else the trace id's rightmost 7 bytes. */
export function randomnessOf(traceId: string, rv: string | undefined): bigint {
  return BigInt('0x' + (rv ?? traceId.slice(18)));
}
