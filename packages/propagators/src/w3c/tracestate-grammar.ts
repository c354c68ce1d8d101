/** W3C Trace Context list-member grammar (key, value) and limits. */

export const MAX_TRACESTATE_MEMBERS = 32;
/** Entries longer than this are the first to go when truncating (W3C Trace Context, "tracestate limits"). */
export const LARGE_ENTRY_LENGTH = 128;
/** The length every vendor must be able to propagate. */
export const DEFAULT_TRACESTATE_MAX_LENGTH = 512;

const SIMPLE_KEY = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const MULTI_TENANT_KEY = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;
/** Printable ASCII except `,` and `=`, at most 256 characters, not ending in a space. */
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

export function isValidTraceStateKey(key: string): boolean {
  return key.length <= 256 && (SIMPLE_KEY.test(key) || MULTI_TENANT_KEY.test(key));
}

export function isValidTraceStateValue(value: string): boolean {
  return value.length <= 256 && VALUE.test(value);
}
