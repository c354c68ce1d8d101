/** W3C Trace Context list-member grammar (key, value) and limits. */

export const MAX_TRACESTATE_MEMBERS = 32;
/** Entries longer than this are the first to go when truncating (W3C Trace Context, "tracestate limits"). */
export const LARGE_ENTRY_LENGTH = 128;
/** The length every vendor must be able to propagate. */
export const DEFAULT_TRACESTATE_MAX_LENGTH = 512;

/**
 * `key = ( lcalpha / DIGIT ) 0*255 ( keychar )`, keychar = lcalpha / DIGIT / `_` / `-` / `*` / `/` / `@`: the current
 * W3C grammar. The older one split `tenant@vendor` into parts of at most 241 and 14 characters and allowed one `@`;
 * the spec dropped that, so `foo@=1`, `foo@@bar=1` and a 256-character key with `@` anywhere after the first
 * character are valid now; the W3C test suite checks all three.
 */
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
/** Printable ASCII except `,` and `=`, at most 256 characters, not ending in a space. */
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

export function isValidTraceStateKey(key: string): boolean {
  return key.length <= 256 && KEY.test(key);
}

export function isValidTraceStateValue(value: string): boolean {
  return value.length <= 256 && VALUE.test(value);
}
