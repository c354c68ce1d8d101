/**
 * Whether a word found after a secret word in a sentence (or inside a secret header value) looks like a
 * credential rather than prose: at least `minLength` characters, with a digit or a symbol (anything but letters
 * and `_`, `-`, `.`, `'`), not only digits, not a path (`/…`, `~…`, `.…`) and not a URL.
 *
 * So `hunter2-very-secret`, `s3cr3t`, `p@ss!word`, `9f8e7d6c5b4a` are credentials; `reset`, `santa`, `rejected`,
 * `re-enter`, `TOKEN_EXPIRED`, `42`, `1234567` (counts, ids, timestamps), `/home/app` and `https://…` are not.
 * A passphrase of plain words (`correct-horse-battery-staple`) or a letters-only token is not recognised here:
 * after `=` or `:` (secret-assignment) or under a secret key (secret-reuse) it is still masked.
 */
export function looksLikeCredential(value: string, minLength: number): boolean {
  const n = value.length;
  if (n < minLength) return false;
  const first = value.charCodeAt(0);
  if (first === 47 || first === 126 || first === 46) return false; // / ~ .
  if (value.includes('://')) return false;
  let digits = 0;
  let symbols = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!isWordChar(c)) symbols++;
  }
  return digits < n && (digits > 0 || symbols > 0);
}

/** Letters (also Latin-1 to Cyrillic and other scripts below U+2000: `oublié` is prose), `_`, `-`, `.`, `'`. */
function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    c === 95 ||
    c === 45 ||
    c === 46 ||
    c === 39 ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000)
  );
}
