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

export function scanFeatures(s: string): number {
  let f = 0;
  let digits = 0;
  let upper = 0;
  let token = 0;
  let dashes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const isUpper = c >= 65 && c <= 90;
    const isLower = c >= 97 && c <= 122;
    if (isDigit) digits++;
    upper = isDigit || isUpper ? upper + 1 : 0;
    token = isDigit || isUpper || isLower || c === 95 || c === 45 ? token + 1 : 0;
    dashes = c === 45 ? dashes + 1 : 0;
    if (upper >= 20) f |= F_UPPER_RUN_20;
    if (token >= 16) f |= F_TOKEN_RUN_16;
    if (dashes >= 5) f |= F_DASH_RUN_5;
    if (isDigit || isUpper || isLower) continue;
    if (c === 64) f |= F_AT;
    else if (c === 37 && s.charCodeAt(i + 1) === 52 && s.charCodeAt(i + 2) === 48) f |= F_AT;
    else if (c === 61) f |= F_EQ | F_EQ_OR_COLON;
    else if (c === 58) {
      f |= F_EQ_OR_COLON | F_DOT_OR_COLON;
      if (s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) f |= F_SCHEME;
    } else if (c === 46) f |= F_DOT_OR_COLON;
    else if (c === 32 || c === 9) f |= F_SPACE;
  }
  if (digits >= 7) f |= F_DIGITS_7;
  if (digits >= 13) f |= F_DIGITS_13;
  return f;
}
