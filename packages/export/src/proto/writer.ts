import type { HrTime } from '@opentelemetry/api';

const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = HEX_VALUE[65 + i] = 10 + i;

const TWO_32 = 4294967296;
const TWO_23 = 8388608;
// Counted with cachegrind: a byte copied in a JS loop costs ~14 instructions and a character ~35
// (charCodeAt and a store), while `set` costs ~200 and a native UTF-8 write ~800 whatever the length.
const NATIVE_COPY_FROM = 16;
const NATIVE_STRING_FROM = 24;
/** The longest string (UTF-16 units) written with a one-byte length: 40 units make at most 120 bytes. */
const SHORT_STRING = 40;

/** Bytes of `value` (below 2^32) as a varint. */
export function varintSize(value: number): number {
  return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : value < 268435456 ? 4 : 5;
}

/** Writes `value` (below 2^32) as a varint at `pos`; returns the position after it. */
function putVarint(buf: Uint8Array, pos: number, value: number): number {
  while (value > 127) {
    buf[pos++] = (value & 127) | 128;
    value >>>= 7;
  }
  buf[pos++] = value;
  return pos;
}

/** Writes `value` (below 2^32) as four little-endian bytes at `pos`; returns the position after it. */
function putLe32(view: DataView, pos: number, value: number): number {
  view.setUint32(pos, value, true);
  return pos + 4;
}

/**
 * Writes HrTime [seconds, nanos] as fixed64 nanoseconds at `pos`. 1e9 = 2^9 × 1953125, and
 * seconds × 1953125 stays a safe integer until the year 2116, so the value splits into 32-bit words
 * without BigInt; later times split at 2^16 seconds instead.
 */
function putNanos(view: DataView, pos: number, seconds: number, nanos: number): number {
  const q = seconds * 1953125;
  if (q > Number.MAX_SAFE_INTEGER) {
    const low = (seconds % 65536) * 1e9 + nanos;
    const high = Math.floor(seconds / 65536) * 1e9; // scaled by 2^16
    const lowWord = (high % 65536) * 65536 + (low % TWO_32);
    const hi = Math.floor(high / 65536) + Math.floor(low / TWO_32) + Math.floor(lowWord / TWO_32);
    return putLe32(view, putLe32(view, pos, lowWord % TWO_32), hi);
  }
  const qHigh = Math.floor(q / TWO_23);
  let lo = (q - qHigh * TWO_23) * 512 + nanos;
  let hi = qHigh;
  if (lo >= TWO_32) {
    lo -= TWO_32;
    hi += 1;
  }
  return putLe32(view, putLe32(view, pos, lo), hi);
}

/**
 * Eight hex digits from `i` as a 32-bit word (digits outside 0-9a-fA-F read as 0). Reading a string one
 * character at a time is what an id costs; a word per eight digits saves three stores in four.
 */
function hexWord(hex: string, i: number): number {
  return (
    (HEX_VALUE[hex.charCodeAt(i) & 127] << 28) |
    (HEX_VALUE[hex.charCodeAt(i + 1) & 127] << 24) |
    (HEX_VALUE[hex.charCodeAt(i + 2) & 127] << 20) |
    (HEX_VALUE[hex.charCodeAt(i + 3) & 127] << 16) |
    (HEX_VALUE[hex.charCodeAt(i + 4) & 127] << 12) |
    (HEX_VALUE[hex.charCodeAt(i + 5) & 127] << 8) |
    (HEX_VALUE[hex.charCodeAt(i + 6) & 127] << 4) |
    HEX_VALUE[hex.charCodeAt(i + 7) & 127]
  );
}

/** Writes a hex id as length-prefixed bytes at `pos`; returns the position after it. */
function putHex(buf: Uint8Array, view: DataView, pos: number, hex: string): number {
  const length = hex.length;
  if ((length & 7) === 0 && length <= 64) {
    // Trace and span ids: 32 and 16 digits.
    buf[pos++] = length >>> 1;
    for (let i = 0; i < length; i += 8, pos += 4) view.setUint32(pos, hexWord(hex, i));
    return pos;
  }
  // Anything longer than 64 digits is cut so the one length byte stays a valid varint.
  const n = length <= 64 ? length : 64;
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
  /** The output, for Buffer methods (UTF-8 writes, copies) and for handing bytes out. */
  buf: Buffer;
  /**
   * The same memory as a plain Uint8Array and a DataView, for the per-byte stores: TurboFan compiles
   * an element store on a Buffer (a Uint8Array subclass) to ~19 instructions against ~12 on a plain
   * Uint8Array, and a DataView writes four bytes in about the cost of two element stores.
   */
  u8: Uint8Array;
  private view: DataView;
  pos = 0;
  /** The last 32-digit trace id written, and its 16 bytes. */
  private lastTraceHex = '';
  private readonly lastTrace = new DataView(new ArrayBuffer(16));

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
    this.u8 = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  private use(buf: Buffer): void {
    this.buf = buf;
    this.u8 = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
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
    this.use(next);
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
    this.use(next ?? Buffer.allocUnsafe(this.buf.length));
    this.pos = 0;
    return out;
  }

  tag(field: number, wireType: number): void {
    this.varint32((field << 3) | wireType);
  }

  /** Unsigned values below 2^32. */
  varint32(value: number): void {
    this.ensure(5);
    this.pos = putVarint(this.u8, this.pos, value);
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
    const buf = this.u8;
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
    this.pos = putLe32(this.view, this.pos, value);
  }

  double(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** HrTime [seconds, nanos] as fixed64 nanoseconds. */
  hrTime(seconds: number, nanos: number): void {
    this.ensure(8);
    this.pos = putNanos(this.view, this.pos, seconds, nanos);
  }

  /** Span fields 6-8 (kind, start and end time), with one bound check. */
  kindAndTimes(kind: number, start: HrTime, end: HrTime): void {
    this.ensure(20);
    const buf = this.u8;
    const view = this.view;
    let pos = this.pos;
    buf[pos++] = 0x30; // field 6, varint
    pos = putVarint(buf, pos, kind);
    buf[pos++] = 0x39; // field 7, fixed64
    pos = putNanos(view, pos, start[0], start[1]);
    buf[pos++] = 0x41; // field 8, fixed64
    this.pos = putNanos(view, pos, end[0], end[1]);
  }

  /** A length-prefixed UTF-8 string; short strings are written without measuring them first. */
  string(value: string): void {
    const n = value.length;
    if (n > SHORT_STRING) {
      const bytes = Buffer.byteLength(value, 'utf8');
      this.varint32(bytes);
      this.ensure(bytes);
      this.pos += this.buf.write(value, this.pos, 'utf8');
      return;
    }
    this.ensure(1 + n * 3);
    const start = this.pos;
    const end = this.putShortString(start + 1, value);
    this.u8[start] = end - start - 1;
    this.pos = end;
  }

  /**
   * The UTF-8 bytes of a string of at most SHORT_STRING units at `pos` (room already ensured); returns
   * the position after them. ASCII is copied a character at a time; anything else, natively.
   */
  private putShortString(pos: number, value: string): number {
    const n = value.length;
    if (n >= NATIVE_STRING_FROM) return pos + this.buf.write(value, pos, 'utf8');
    const buf = this.u8;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 128) return pos - i + this.buf.write(value, pos - i, 'utf8');
      buf[pos++] = c;
    }
    return pos;
  }

  /**
   * A whole KeyValue { key, value: AnyValue { string_value } } under `field` (1-15), from the key's
   * encoded field (tag, length, UTF-8): the common attribute whose value is new each time (a path, an
   * id) in one bound check instead of a writer call per tag and length. False, with nothing written,
   * when the value is long or the key field over 64 bytes.
   */
  keyValueString(field: number, keyField: Uint8Array, value: string): boolean {
    const k = keyField.length;
    if (value.length > SHORT_STRING || k > 64) return false;
    this.ensure(6 + k + value.length * 3);
    const buf = this.u8;
    const start = this.pos;
    buf[start] = (field << 3) | 2;
    let pos = start + 2;
    // The same copy as raw() and message(), written out: a shared helper cost ~180 instructions per
    // span (cachegrind), as TurboFan then stops inlining into writeAttributes.
    if (k >= NATIVE_COPY_FROM) buf.set(keyField, pos);
    else for (let i = 0; i < k; i++) buf[pos + i] = keyField[i];
    pos += k;
    buf[pos] = 0x12; // KeyValue.value
    buf[pos + 2] = 0x0a; // AnyValue.string_value
    const end = this.putShortString(pos + 4, value);
    const bytes = end - pos - 4; // at most 120: both inner lengths fit one byte
    buf[pos + 3] = bytes;
    buf[pos + 1] = bytes + 2;
    this.pos = end;
    this.end(start + 1);
    return true;
  }

  /** Pre-encoded bytes: a loop for the few-byte fields, memcpy for the rest. */
  raw(value: Uint8Array): void {
    const n = value.length;
    this.ensure(n);
    const buf = this.u8;
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
    const buf = this.u8;
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
    const buf = this.u8;
    const view = this.view;
    let pos = this.pos;
    buf[pos++] = 0x0a; // field 1, length-delimited
    if (traceHex.length === 32) {
      buf[pos++] = 16;
      const last = this.lastTrace;
      if (traceHex === this.lastTraceHex) {
        for (let i = 0; i < 16; i += 4) view.setUint32(pos + i, last.getUint32(i));
      } else {
        for (let i = 0; i < 16; i += 4) {
          const word = hexWord(traceHex, i * 2);
          view.setUint32(pos + i, word);
          last.setUint32(i, word);
        }
        this.lastTraceHex = traceHex;
      }
      pos += 16;
    } else {
      pos = putHex(buf, view, pos, traceHex);
    }
    buf[pos++] = 0x12; // field 2
    pos = putHex(buf, view, pos, spanHex);
    if (parentHex) {
      buf[pos++] = 0x22; // field 4
      pos = putHex(buf, view, pos, parentHex);
    }
    this.pos = pos;
  }

  /** A hex trace or span id as length-prefixed bytes, decoded straight into the buffer. */
  hexId(hex: string): void {
    this.ensure(34);
    this.pos = putHex(this.u8, this.view, this.pos, hex);
  }

  /** Starts a nested message; pass the result to `end`. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  end(start: number): void {
    const len = this.pos - start - 1;
    if (len < 128) {
      this.u8[start] = len;
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
      this.u8[start] = (len & 127) | 128;
      this.u8[start + 1] = len >>> 7;
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
