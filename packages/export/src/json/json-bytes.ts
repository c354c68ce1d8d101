// ProtoWriter's buffer handling (growth, reuse, hand-over) is format-neutral: JSON is written into it too.
import type { ProtoWriter as ByteWriter } from '../proto/writer';

const QUOTE = 34;
const ZERO = 48;
const NANOS_PER_SECOND = 1e9;

// 1 where a char below 128 cannot stand as itself inside a JSON string.
const NEEDS_ESCAPE = new Uint8Array(128);
for (let c = 0; c < 32; c++) NEEDS_ESCAPE[c] = 1;
NEEDS_ESCAPE[QUOTE] = NEEDS_ESCAPE[92] = 1;

/** Pre-encoded bytes of a fixed piece of JSON syntax. */
export const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** One byte of JSON syntax. */
export function byte(w: ByteWriter, value: number): void {
  w.ensure(1);
  w.buf[w.pos++] = value;
}

// A char that cannot be copied as one byte into a JSON string: not printable ASCII, or `"` or `\`.
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
// From this length, a native regex scan and copy beat the char loop.
const NATIVE_FROM = 128;
// From this length, the UTF-8 is measured first: three bytes a char would grow the buffer far past it.
const MEASURE_FROM = 65536;

/**
 * A quoted JSON string. Plain ASCII (nearly every key, name and value) is copied as is; anything else
 * goes through JSON.stringify, so escapes and lone surrogates come out exactly as it writes them.
 */
export function jsonString(w: ByteWriter, value: string): void {
  const n = value.length;
  if (n >= NATIVE_FROM) {
    if (NOT_PLAIN.test(value)) stringified(w, JSON.stringify(value));
    else quotedNative(w, value);
    return;
  }
  w.ensure(n + 2);
  const buf = w.buf;
  let pos = w.pos;
  buf[pos++] = QUOTE;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || NEEDS_ESCAPE[c] === 1) {
      stringified(w, JSON.stringify(value));
      return;
    }
    buf[pos++] = c;
  }
  buf[pos++] = QUOTE;
  w.pos = pos;
}

/** A long string already known to be plain ASCII, quoted. */
function quotedNative(w: ByteWriter, value: string): void {
  w.ensure(value.length + 2);
  const buf = w.buf;
  buf[w.pos++] = QUOTE;
  w.pos += buf.write(value, w.pos, 'latin1');
  buf[w.pos++] = QUOTE;
}

/** Text JSON.stringify made (escapes and all), as UTF-8. */
function stringified(w: ByteWriter, text: string): void {
  w.ensure(text.length < MEASURE_FROM ? text.length * 3 : Buffer.byteLength(text, 'utf8'));
  w.pos += w.buf.write(text, w.pos, 'utf8');
}

/** Text known to be ASCII with nothing to escape (a number's digits), unquoted. */
export function asciiText(w: ByteWriter, text: string): void {
  const n = text.length;
  w.ensure(n);
  const buf = w.buf;
  const pos = w.pos;
  for (let i = 0; i < n; i++) buf[pos + i] = text.charCodeAt(i);
  w.pos = pos + n;
}

function digitCount(value: number): number {
  let count = 1;
  while (value >= 10) {
    value = Math.floor(value / 10);
    count++;
  }
  return count;
}

/** A non-negative safe integer in decimal; anything else (NaN, negative, fractional) as its floor or 0. */
export function jsonUint(w: ByteWriter, value: number): void {
  if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER)) value = 0;
  else if (value % 1 !== 0) value = Math.floor(value);
  if (value < 10) {
    w.ensure(1);
    w.buf[w.pos++] = ZERO + value;
    return;
  }
  const n = digitCount(value);
  w.ensure(n);
  const buf = w.buf;
  let pos = w.pos + n;
  w.pos = pos;
  while (value >= 10) {
    const next = Math.floor(value / 10);
    buf[--pos] = ZERO + (value - next * 10);
    value = next;
  }
  buf[--pos] = ZERO + value;
}

/** A count the SDK may leave undefined, as a JSON number. */
export function jsonCount(w: ByteWriter, value: number | undefined): void {
  jsonUint(w, value ?? 0);
}

// The seconds of the last timestamp, in digits: a span's start and end, and the spans of one batch,
// mostly fall in the same second.
let lastSeconds = -1;
let secondsDigits: Uint8Array = new Uint8Array(0);

function writeSeconds(w: ByteWriter, seconds: number): void {
  if (seconds !== lastSeconds) {
    secondsDigits = ascii(String(seconds));
    lastSeconds = seconds;
  }
  w.raw(secondsDigits);
}

/**
 * HrTime [seconds, nanos] as decimal nanoseconds, unquoted. Seconds × 1e9 passed 2^53 in 1970, so the
 * digits are written in two parts: the seconds, then the nanos padded to nine digits. Anything outside
 * the SDK's own shape (negative, fractional, nanos ≥ 1e9) is summed exactly with BigInt, as upstream does.
 */
export function jsonHrTime(w: ByteWriter, seconds: number, nanos: number): void {
  if (
    !(nanos >= 0 && nanos < NANOS_PER_SECOND && Number.isInteger(nanos)) ||
    !(seconds >= 0 && Number.isSafeInteger(seconds))
  ) {
    // NaN, Infinity or a missing part: the spec's default time, 0 (BigInt would throw).
    if (!Number.isFinite(seconds) || !Number.isFinite(nanos)) {
      jsonUint(w, 0);
      return;
    }
    const total = BigInt(Math.trunc(seconds)) * 1000000000n + BigInt(Math.trunc(nanos));
    asciiText(w, total.toString());
    return;
  }
  if (seconds === 0) {
    jsonUint(w, nanos);
    return;
  }
  writeSeconds(w, seconds);
  w.ensure(9);
  const buf = w.buf;
  const start = w.pos;
  for (let pos = start + 8; pos >= start; pos--) {
    const next = (nanos / 10) | 0;
    buf[pos] = ZERO + (nanos - next * 10);
    nanos = next;
  }
  w.pos = start + 9;
}
