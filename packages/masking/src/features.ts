/**
 * Character features of a value, found in one pass with no allocation. Each detector names the features a match
 * needs, so a clean value costs one scan instead of a regex per detector.
 */
export const F_AT = 1; // '@' or '%40'
export const F_EQ_OR_COLON = 2;
export const F_EQ = 4;
export const F_DIGITS_7 = 8;
export const F_DIGITS_13 = 16;
export const F_UPPER_RUN_20 = 32; // [A-Z0-9]{20}
export const F_TOKEN_RUN_16 = 64; // [A-Za-z0-9_-]{16}
export const F_DASH_RUN_5 = 128; // '-----'
export const F_SPACE = 256; // ' ' or '\t'
export const F_DOT_OR_COLON = 512;
export const F_SCHEME = 1024; // '://'

// Character classes, above the feature bits so one table entry carries both.
const C_DIGIT = 1 << 16;
const C_UPPER = 1 << 17; // [A-Z0-9]
const C_TOKEN = 1 << 18; // [A-Za-z0-9_-]
const C_DASH = 1 << 19;
const C_PERCENT = 1 << 20;
const C_COLON = 1 << 21;
const C_SLASH = 1 << 22;
const FEATURE_BITS = 0xffff;

/** ASCII code → feature and class bits: one table load per character instead of a chain of comparisons. */
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const t = new Uint32Array(128);
  for (let c = 48; c <= 57; c++) t[c] = C_DIGIT | C_UPPER | C_TOKEN;
  for (let c = 65; c <= 90; c++) t[c] = C_UPPER | C_TOKEN;
  for (let c = 97; c <= 122; c++) t[c] = C_TOKEN;
  t[95] = C_TOKEN; // _
  t[45] = C_TOKEN | C_DASH; // -
  t[64] = F_AT; // @
  t[37] = C_PERCENT; // %
  t[61] = F_EQ | F_EQ_OR_COLON; // =
  t[58] = F_EQ_OR_COLON | F_DOT_OR_COLON | C_COLON; // :
  t[46] = F_DOT_OR_COLON; // .
  t[32] = F_SPACE;
  t[9] = F_SPACE;
  t[47] = C_SLASH; // /
  return t;
}

export function scanFeatures(s: string): number {
  let f = 0;
  let digits = 0;
  let upper = 0;
  let token = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? TABLE[c] : 0;
    f |= k;
    // Exact runs, not counts: a run gates its detector's native pre-check, which costs more than tracking it here.
    // Branches are ordered for typical text: lowercase letters take the middle one.
    if ((k & C_UPPER) !== 0) {
      if ((k & C_DIGIT) !== 0) digits++;
      if (++upper >= 20) f |= F_UPPER_RUN_20;
      if (++token >= 16) f |= F_TOKEN_RUN_16;
    } else if ((k & C_TOKEN) !== 0) {
      upper = 0;
      if (++token >= 16) f |= F_TOKEN_RUN_16;
    } else {
      upper = 0;
      token = 0;
    }
  }
  if (digits >= 7) f |= F_DIGITS_7;
  if (digits >= 13) f |= F_DIGITS_13;
  // Multi-character features are confirmed natively, only when their characters are present.
  if ((f & C_DASH) !== 0 && s.includes('-----')) f |= F_DASH_RUN_5;
  if ((f & (F_AT | C_PERCENT)) === C_PERCENT && s.includes('%40')) f |= F_AT;
  if ((f & (C_COLON | C_SLASH)) === (C_COLON | C_SLASH) && s.includes('://')) f |= F_SCHEME;
  return f & FEATURE_BITS;
}
