/**
 * Reading back Span messages a request has already encoded, for the rare path that makes room for an
 * ERROR span in a full queue: where a message ends, and its status code.
 */

/** A varint at `pos`: its value and the position after it (lengths may be padded, see `beginLong`). */
function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = buf[pos++];
    value += (b & 127) * 2 ** shift;
    if (b < 128) return [value, pos];
  }
}

/**
 * The position of `field`'s value among the fields in [pos, end), or -1. For a length-delimited field it
 * is the position of its length.
 */
function findField(buf: Uint8Array, pos: number, end: number, field: number): number {
  while (pos < end) {
    const [key, value] = readVarint(buf, pos);
    if (key >>> 3 === field) return value;
    const wireType = key & 7;
    if (wireType === 0) pos = readVarint(buf, value)[1];
    else if (wireType === 1) pos = value + 8;
    else if (wireType === 5) pos = value + 4;
    else {
      const [size, body] = readVarint(buf, value);
      pos = body + size;
    }
  }
  return -1;
}

/** The end of the Span message at `start` (field 2 of ScopeSpans: a one-byte tag, a length, the body). */
export function spanMessageEnd(buf: Uint8Array, start: number): number {
  const [length, body] = readVarint(buf, start + 1);
  return body + length;
}

/** Status.code (Span field 15, its field 3) of the Span message at `start`; 0 (UNSET) when absent. */
export function spanStatusCode(buf: Uint8Array, start: number): number {
  const [length, body] = readVarint(buf, start + 1);
  const status = findField(buf, body, body + length, 15);
  if (status < 0) return 0;
  const [size, statusBody] = readVarint(buf, status);
  const code = findField(buf, statusBody, statusBody + size, 3);
  return code < 0 ? 0 : readVarint(buf, code)[0];
}
