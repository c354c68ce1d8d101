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
export const F_ASSIGN = 2048; // ':' or '=' right after [A-Za-z0-9"' \t] (how `name=value` and `"name": value` look)
export const F_AUTH_GAP = 4096; // ' ' or '\t' right after `er` or `ic`, any case (how `Bearer x` and `Basic x` look)
export const F_IP_SHAPE = 8192; // 3+ dots and 4+ digits, or 2+ colons (every IPv4 or IPv6 address has one)
/**
 * ' ' or '\t' right after the last three letters of a secret word, any case (`ord` of password, `swd`, `pwd`, `ase`
 * of passphrase, `ret` of secret, `ken` of token, `key`, `ial`/`als` of credential(s)): how `password hunter2` looks.
 */
export const F_SECRET_WORD = 16384;

// Character classes, above the feature bits so one table entry carries both.
const C_DIGIT = 1 << 16;
const C_UPPER = 1 << 17; // [A-Z0-9]
const C_TOKEN = 1 << 18; // [A-Za-z0-9_-]
const C_DASH = 1 << 19;
const C_PERCENT = 1 << 20;
const C_COLON = 1 << 21;
const C_SLASH = 1 << 22;
const C_ASSIGN_PREV = 1 << 23; // [A-Za-z0-9"' \t]
const C_AUTH_END = 1 << 24; // [rRcC]
const C_FOLLOWS = 1 << 25; // ':', '=', ' ', '\t': their feature depends on the character before
const C_DOT = 1 << 26;
const C_WORD_END = 1 << 27; // [dDeEtTnNyYlLsS]: last letters of the secret words
const FEATURE_BITS = 0xffff;

/** ASCII code → feature and class bits: one table load per character instead of a chain of comparisons. */
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const t = new Uint32Array(128);
  for (let c = 48; c <= 57; c++) t[c] = C_DIGIT | C_UPPER | C_TOKEN | C_ASSIGN_PREV;
  for (let c = 65; c <= 90; c++) t[c] = C_UPPER | C_TOKEN | C_ASSIGN_PREV;
  for (let c = 97; c <= 122; c++) t[c] = C_TOKEN | C_ASSIGN_PREV;
  for (const c of [114, 82, 99, 67]) t[c] |= C_AUTH_END; // r R c C
  for (const c of 'dDeEtTnNyYlLsS') t[c.charCodeAt(0)] |= C_WORD_END;
  t[95] = C_TOKEN; // _
  t[45] = C_TOKEN | C_DASH; // -
  t[64] = F_AT; // @
  t[37] = C_PERCENT; // %
  t[61] = F_EQ | F_EQ_OR_COLON | C_FOLLOWS; // =
  t[58] = F_EQ_OR_COLON | F_DOT_OR_COLON | C_COLON | C_FOLLOWS; // :
  t[46] = F_DOT_OR_COLON | C_DOT; // .
  t[32] = F_SPACE | C_ASSIGN_PREV | C_FOLLOWS;
  t[9] = F_SPACE | C_ASSIGN_PREV | C_FOLLOWS;
  t[34] = C_ASSIGN_PREV; // "
  t[39] = C_ASSIGN_PREV; // '
  t[47] = C_SLASH; // /
  return t;
}

// The two letters before the word's last one, lowercased (`| 32` lowercases ASCII letters and maps nothing else
// onto one), as one number: `o` `r` → 0x6f72.
const OR = 0x6f72; // passwORd
const SW = 0x7377; // pasSWd
const PW = 0x7077; // PWd
const AS = 0x6173; // passphrASe
const RE = 0x7265; // secREt
const KE = 0x6b65; // toKEn, KEy
const IA = 0x6961; // credentIAl
const AL = 0x616c; // credentiALs

/**
 * At a gap after a word-end letter (a few per sentence). A switch on the last letter and integer compares: with a
 * Set of the nine endings, scanning the benchmark span's strings took 10–20 % longer than without the check; with
 * this, as long (node 20, alternating runs of 2,000,000 scans).
 */
function isSecretWordEnd(s: string, i: number, p: number): boolean {
  const a = s.charCodeAt(i - 3) | 32;
  const b = s.charCodeAt(i - 2) | 32;
  if ((a | b) > 127) return false;
  const ab = (a << 8) | b;
  switch (p | 32) {
    case 100: // d
      return ab === OR || ab === SW || ab === PW;
    case 101: // e
      return ab === AS;
    case 116: // t
      return ab === RE;
    case 110: // n
    case 121: // y
      return ab === KE;
    case 108: // l
      return ab === IA;
    default: // s
      return ab === AL;
  }
}

export function scanFeatures(s: string): number {
  const n = s.length;
  let f = 0;
  let digits = 0;
  // Runs are measured where they end (at the next character outside the class), so the common characters,
  // lowercase letters inside a token, cost one table load and two tests.
  let upperStart = 0;
  let tokenStart = 0;
  let colons = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? TABLE[c] : 0;
    f |= k;
    digits += (k >>> 16) & 1; // C_DIGIT
    if ((k & C_UPPER) !== 0) continue;
    if (i - upperStart >= 20) f |= F_UPPER_RUN_20;
    upperStart = i + 1;
    if ((k & C_TOKEN) !== 0) continue;
    if (i - tokenStart >= 16) f |= F_TOKEN_RUN_16;
    tokenStart = i + 1;
    dots += (k >>> 26) & 1; // C_DOT
    if ((k & C_FOLLOWS) === 0) continue;
    const p = i > 0 ? s.charCodeAt(i - 1) : 0;
    const pk = p < 128 ? TABLE[p] : 0;
    if ((k & F_SPACE) !== 0) {
      if ((pk & C_AUTH_END) !== 0 && i > 1) {
        // 'er' or 'ic', any case: `c | 32` is 'e' only for 'e' and 'E' (and 'i' only for 'i' and 'I').
        const before = s.charCodeAt(i - 2) | 32;
        if (before === ((p | 32) === 114 ? 101 : 105)) f |= F_AUTH_GAP;
      }
      if ((pk & C_WORD_END) !== 0 && i > 2 && isSecretWordEnd(s, i, p)) f |= F_SECRET_WORD;
      continue;
    }
    if ((k & F_EQ_OR_COLON) !== 0 && (pk & C_ASSIGN_PREV) !== 0) f |= F_ASSIGN;
    if ((k & C_COLON) !== 0) colons++;
  }
  if (n - upperStart >= 20) f |= F_UPPER_RUN_20;
  if (n - tokenStart >= 16) f |= F_TOKEN_RUN_16;
  if (digits >= 7) f |= F_DIGITS_7;
  if (digits >= 13) f |= F_DIGITS_13;
  if ((dots >= 3 && digits >= 4) || colons >= 2) f |= F_IP_SHAPE;
  // Multi-character features are confirmed natively, only when their characters are present.
  if ((f & C_DASH) !== 0 && s.includes('-----')) f |= F_DASH_RUN_5;
  if ((f & (F_AT | C_PERCENT)) === C_PERCENT && s.includes('%40')) f |= F_AT;
  if ((f & (C_COLON | C_SLASH)) === (C_COLON | C_SLASH) && s.includes('://')) f |= F_SCHEME;
  return f & FEATURE_BITS;
}
