/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character (or a surrogate pair). */
export function truncateUtf8(s: string, maxBytes: number): string {
  // Every UTF-16 unit encodes to at most 3 bytes, so short strings need no walk.
  if (s.length * 3 <= maxBytes) return s;
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let size = 3;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < s.length &&
      (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      size = 4;
      units = 2;
    }
    if (bytes + size > maxBytes) return s.slice(0, i);
    bytes += size;
    i += units - 1;
  }
  return s;
}

/** Cuts `s` to at most `maxUnits` UTF-16 units, backing off one unit rather than splitting a surrogate pair. */
export function capLength(s: string, maxUnits: number): string {
  if (s.length <= maxUnits) return s;
  const last = s.charCodeAt(maxUnits - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? maxUnits - 1 : maxUnits);
}
