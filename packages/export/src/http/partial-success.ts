import { readJsonObject } from '../read-json-object';

/** What a collector refused of a request it answered with 2xx (OTLP `partial_success`). */
export interface PartialSuccess {
  /** Spans the collector rejected, > 0. */
  rejected: number;
  /** The collector's explanation, as sent (may be empty); the reporter masks and cuts it. */
  message: string;
}

/**
 * The partial_success of an ExportTraceServiceResponse, from the body the collector sent (in the format its
 * content-type names, else the one the request used), or undefined when there is none, nothing was rejected, or
 * the body is not a readable response. Never throws: a collector's body is untrusted input.
 */
export function readPartialSuccess(
  body: Buffer | undefined,
  contentType: string | undefined,
  json: boolean,
): PartialSuccess | undefined {
  if (body === undefined || body.length === 0) return undefined;
  const isJson = contentType === undefined ? json : /json/i.test(contentType);
  if (!isJson && contentType !== undefined && !/protobuf/i.test(contentType)) return undefined;
  const found = isJson ? fromJson(body) : fromProtobuf(body);
  return found !== undefined && found.rejected > 0 ? found : undefined;
}

function fromJson(body: Buffer): PartialSuccess | undefined {
  const record = readJsonObject(body);
  if (record === undefined) return undefined;
  // OTLP/JSON is lowerCamelCase; receivers accept the proto names too, and so does this reader.
  const partial = record.partialSuccess ?? record.partial_success;
  if (typeof partial !== 'object' || partial === null) return undefined;
  const fields = partial as Record<string, unknown>;
  const count = fields.rejectedSpans ?? fields.rejected_spans;
  const message = fields.errorMessage ?? fields.error_message;
  // int64 is a string in OTLP/JSON; a number is accepted too.
  const rejected =
    typeof count === 'string' && /^\d+$/.test(count)
      ? Number(count)
      : typeof count === 'number'
        ? count
        : 0;
  if (!Number.isSafeInteger(rejected) || rejected <= 0) return undefined;
  return { rejected, message: typeof message === 'string' ? message : '' };
}

/** A protobuf reader over one buffer: just what the response needs (varints, length-delimited, skipping). */
class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly end: number,
  ) {}

  /** A varint as a number (exact up to 2^53), or -1 when malformed or past the end. */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) return -1;
      const b = this.buf[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    return -1;
  }

  /** Skips a field of `wireType`; false when it cannot (malformed, unsupported group). */
  skip(wireType: number): boolean {
    let length: number;
    if (wireType === 0) return this.varint() >= 0;
    if (wireType === 1) length = 8;
    else if (wireType === 5) length = 4;
    else if (wireType === 2) length = this.varint();
    else return false;
    if (length < 0 || this.pos + length > this.end) return false;
    this.pos += length;
    return true;
  }
}

function fromProtobuf(body: Buffer): PartialSuccess | undefined {
  const outer = new Reader(body, body.length);
  let found: PartialSuccess | undefined;
  while (outer.pos < outer.end) {
    const tag = outer.varint();
    if (tag < 0) return undefined;
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 1 && wireType === 2) {
      const length = outer.varint();
      if (length < 0 || outer.pos + length > outer.end) return undefined;
      found = readPartial(new Reader(body, outer.pos + length), outer.pos);
      if (found === undefined) return undefined;
      outer.pos += length;
    } else if (!outer.skip(wireType)) return undefined;
  }
  return found;
}

/** ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; } */
function readPartial(reader: Reader, start: number): PartialSuccess | undefined {
  reader.pos = start;
  let rejected = 0;
  let message = '';
  while (reader.pos < reader.end) {
    const tag = reader.varint();
    if (tag < 0) return undefined;
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 1 && wireType === 0) {
      rejected = reader.varint();
      if (rejected < 0) return undefined;
    } else if (field === 2 && wireType === 2) {
      const length = reader.varint();
      if (length < 0 || reader.pos + length > reader.end) return undefined;
      message = reader.buf.toString('utf8', reader.pos, reader.pos + length);
      reader.pos += length;
    } else if (!reader.skip(wireType)) return undefined;
  }
  return { rejected, message };
}
