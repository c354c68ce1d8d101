import type { HrTime } from '@opentelemetry/api';

const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = HEX_VALUE[65 + i] = 10 + i;

const TWO_32 = 4294967296;
const TWO_23 = 8388608;
// Below this length a byte loop beats the native call; above it, `set` and `write` (memcpy) win.
const NATIVE_COPY_FROM = 16;

/** Bytes of `value` (below 2^32) as a varint. */
export function varintSize(value: number): number {
  return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : value < 268435456 ? 4 : 5;
}

/** Writes `value` (below 2^32) as a varint at `pos`; returns the position after it. */
function putVarint(buf: Buffer, pos: number, value: number): number {
  while (value > 127) {
    buf[pos++] = (value & 127) | 128;
    value >>>= 7;
  }
  buf[pos++] = value;
  return pos;
}

/** Writes `value` (below 2^32) as four little-endian bytes at `pos`; returns the position after it. */
function putLe32(buf: Buffer, pos: number, value: number): number {
  buf[pos] = value;
  buf[pos + 1] = value >>> 8;
  buf[pos + 2] = value >>> 16;
  buf[pos + 3] = value >>> 24;
  return pos + 4;
}

/**
 * Writes HrTime [seconds, nanos] as fixed64 nanoseconds at `pos`. 1e9 = 2^9 × 1953125, and
 * seconds × 1953125 stays a safe integer until the year 2116, so the value splits into 32-bit words
 * without BigInt; later times split at 2^16 seconds instead.
 */
function putNanos(buf: Buffer, pos: number, seconds: number, nanos: number): number {
  const q = seconds * 1953125;
  if (q > Number.MAX_SAFE_INTEGER) {
    const low = (seconds % 65536) * 1e9 + nanos;
    const high = Math.floor(seconds / 65536) * 1e9; // scaled by 2^16
    const lowWord = (high % 65536) * 65536 + (low % TWO_32);
    const hi = Math.floor(high / 65536) + Math.floor(low / TWO_32) + Math.floor(lowWord / TWO_32);
    return putLe32(buf, putLe32(buf, pos, lowWord % TWO_32), hi);
  }
  const qHigh = Math.floor(q / TWO_23);
  let lo = (q - qHigh * TWO_23) * 512 + nanos;
  let hi = qHigh;
  if (lo >= TWO_32) {
    lo -= TWO_32;
    hi += 1;
  }
  return putLe32(buf, putLe32(buf, pos, lo), hi);
}

/** Writes a hex id as length-prefixed bytes at `pos`; returns the position after it. */
function putHex(buf: Buffer, pos: number, hex: string): number {
  // Ids are 16 or 32 hex digits; anything longer is cut so the one length byte stays a valid varint.
  const n = hex.length <= 64 ? hex.length : 64;
  buf[pos++] = (n + 1) >>> 1;
  for (let i = 0; i < n; i += 2) {
    buf[pos++] = (HEX_VALUE[hex.charCodeAt(i) & 127] << 4) | HEX_VALUE[hex.charCodeAt(i + 1) & 127];
  }
  return pos;
}

/**
 * A growable protobuf output buffer reused across batches. Nested messages reserve one length byte and
 * shift their body only when it turns out longer than 127 bytes, so the output is canonical protobuf
 * without a separate sizing pass.
 */
export class ProtoWriter {
  buf: Buffer;
  pos = 0;
  private lastTraceHex = '';
  private readonly lastTraceBytes = new Uint8Array(17);

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 1024));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A copy of the bytes written so far, for small one-off messages. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /**
   * Hands the written bytes over without copying and continues in `next` (a released buffer, or a
   * fresh one): copying a large batch into new memory costs more than encoding it.
   */
  detach(next: Buffer | undefined): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = next ?? Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }

  tag(field: number, wireType: number): void {
    this.varint32((field << 3) | wireType);
  }

  /** Unsigned values below 2^32. */
  varint32(value: number): void {
    this.ensure(5);
    this.pos = putVarint(this.buf, this.pos, value);
  }

  /** Any integer in the int64 range, negative ones as ten-byte two's complement. */
  varint64(value: number): void {
    if (value >= 0 && value < TWO_32) {
      this.varint32(value);
      return;
    }
    let hi = Math.floor(value / TWO_32);
    let lo = (value - hi * TWO_32) >>> 0;
    hi >>>= 0;
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi > 0 || lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.le32(value);
  }

  private le32(value: number): void {
    this.pos = putLe32(this.buf, this.pos, value);
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** HrTime [seconds, nanos] as fixed64 nanoseconds. */
  hrTime(seconds: number, nanos: number): void {
    this.ensure(8);
    this.pos = putNanos(this.buf, this.pos, seconds, nanos);
  }

  /** Span fields 6-8 (kind, start and end time), with one bound check. */
  kindAndTimes(kind: number, start: HrTime, end: HrTime): void {
    this.ensure(20);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x30; // field 6, varint
    pos = putVarint(buf, pos, kind);
    buf[pos++] = 0x39; // field 7, fixed64
    pos = putNanos(buf, pos, start[0], start[1]);
    buf[pos++] = 0x41; // field 8, fixed64
    this.pos = putNanos(buf, pos, end[0], end[1]);
  }

  /** A length-prefixed UTF-8 string; short strings are written without measuring them first. */
  string(value: string): void {
    const n = value.length;
    if (n >= 43) {
      const bytes = Buffer.byteLength(value, 'utf8');
      this.varint32(bytes);
      this.ensure(bytes);
      this.pos += this.buf.write(value, this.pos, 'utf8');
      return;
    }
    // 42 UTF-16 units make at most 126 bytes: the length always fits the one reserved byte.
    this.ensure(1 + n * 3);
    const buf = this.buf;
    const start = this.pos;
    let pos = start + 1;
    if (n >= NATIVE_COPY_FROM) {
      pos += buf.write(value, pos, 'utf8');
    } else {
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 128) {
          pos = start + 1 + buf.write(value, start + 1, 'utf8');
          break;
        }
        buf[pos++] = c;
      }
    }
    buf[start] = pos - start - 1;
    this.pos = pos;
  }

  /** Pre-encoded bytes: a loop for the few-byte fields, memcpy for the rest. */
  raw(value: Uint8Array): void {
    const n = value.length;
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    if (n >= NATIVE_COPY_FROM) buf.set(value, pos);
    else for (let i = 0; i < n; i++) buf[pos + i] = value[i];
    this.pos = pos + n;
  }

  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.raw(value);
  }

  /** A pre-encoded message body (a cached KeyValue, resource or scope) under `field`, with one bound check. */
  message(field: number, body: Uint8Array): void {
    const n = body.length;
    this.ensure(n + 10);
    const buf = this.buf;
    let pos = putVarint(buf, this.pos, (field << 3) | 2);
    pos = putVarint(buf, pos, n);
    if (n >= NATIVE_COPY_FROM) buf.set(body, pos);
    else for (let i = 0; i < n; i++) buf[pos + i] = body[i];
    this.pos = pos + n;
  }

  /** A string field, left out when empty or absent (proto3 reads both as ""). */
  optionalString(field: number, value: string | undefined): void {
    if (value) {
      this.tag(field, 2);
      this.string(value);
    }
  }

  /**
   * Span/Link fields 1 and 2 (trace id, span id) and, when given, Span field 4 (parent span id), with
   * one bound check. Consecutive spans of one trace reuse the trace id bytes decoded for the first.
   */
  ids(traceHex: string, spanHex: string, parentHex: string | undefined): void {
    this.ensure(9 + ((traceHex.length + spanHex.length + (parentHex?.length ?? 0)) >>> 1));
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x0a; // field 1, length-delimited
    if (traceHex === this.lastTraceHex) {
      const last = this.lastTraceBytes;
      for (let i = 0; i < 17; i++) buf[pos + i] = last[i];
      pos += 17;
    } else {
      const start = pos;
      pos = putHex(buf, pos, traceHex);
      if (pos - start === 17) {
        const last = this.lastTraceBytes;
        for (let i = 0; i < 17; i++) last[i] = buf[start + i];
        this.lastTraceHex = traceHex;
      }
    }
    buf[pos++] = 0x12; // field 2
    pos = putHex(buf, pos, spanHex);
    if (parentHex) {
      buf[pos++] = 0x22; // field 4
      pos = putHex(buf, pos, parentHex);
    }
    this.pos = pos;
  }

  /** A hex trace or span id as length-prefixed bytes, decoded straight into the buffer. */
  hexId(hex: string): void {
    this.ensure(34);
    this.pos = putHex(this.buf, this.pos, hex);
  }

  /** Starts a nested message; pass the result to `end`. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  end(start: number): void {
    const len = this.pos - start - 1;
    if (len < 128) {
      this.buf[start] = len;
      return;
    }
    this.shiftBody(start, 1, len);
  }

  /**
   * Starts a message that is usually 128–16383 bytes long (a span with attributes): two length bytes
   * are reserved, so the common case never moves the body. Pass the result to `endLong`.
   */
  beginLong(): number {
    this.ensure(2);
    const start = this.pos;
    this.pos = start + 2;
    return start;
  }

  endLong(start: number): void {
    const len = this.pos - start - 2;
    if (len >= 128 && len < 16384) {
      this.buf[start] = (len & 127) | 128;
      this.buf[start + 1] = len >>> 7;
      return;
    }
    this.shiftBody(start, 2, len);
  }

  /** Moves a body written after `reserved` length bytes so that its varint length fits exactly. */
  private shiftBody(start: number, reserved: number, len: number): void {
    const size = varintSize(len);
    if (size > reserved) this.ensure(size - reserved);
    this.buf.copyWithin(start + size, start + reserved, this.pos);
    const end = this.pos + size - reserved;
    this.pos = start;
    this.varint32(len);
    this.pos = end;
  }
}
