import { EncodedStrings } from '../encoded-strings';
import { ProtoWriter as ByteWriter } from '../proto/writer';
import { ascii, asciiText, byte, jsonCount, jsonString, jsonUint } from './json-bytes';

const STRING_VALUE = ascii('{"stringValue":');
const INT_VALUE = ascii('{"intValue":"');
const DOUBLE_VALUE = ascii('{"doubleValue":');
const TRUE_VALUE = ascii('{"boolValue":true}');
const FALSE_VALUE = ascii('{"boolValue":false}');
const BYTES_VALUE = ascii('{"bytesValue":"');
const ARRAY_VALUE = ascii('{"arrayValue":{"values":[');
const KVLIST_VALUE = ascii('{"kvlistValue":{"values":');
const EMPTY_VALUE = ascii('{}');
const QUOTE_BRACE = ascii('"}');
const BRACKET_BRACES = ascii(']}}');
const BRACES = ascii('}}');
const COMMA = 44;
const TWO_63 = 2 ** 63;

const ATTRIBUTES = ascii(',"attributes":');
const DROPPED_ATTRIBUTES = ascii(',"droppedAttributesCount":');

/**
 * The bytes `write` makes, for a cache. A writer of their own each time: encoding a cached resource
 * fills the key cache on the way.
 */
export function encodedBy(write: (w: ByteWriter) => void): Buffer {
  const w = new ByteWriter(256);
  write(w);
  return w.finish();
}

/** A string between two fixed pieces of JSON, the three kept encoded together for strings that repeat. */
export class FramedStrings {
  private readonly cache = new EncodedStrings((value) => encodedBy((w) => this.fresh(w, value)));

  constructor(
    private readonly before: Uint8Array,
    private readonly after: Uint8Array,
  ) {}

  write(w: ByteWriter, value: string): void {
    const bytes = this.cache.get(value);
    if (bytes !== undefined) w.raw(bytes);
    else this.fresh(w, value);
  }

  private fresh(w: ByteWriter, value: string): void {
    w.raw(this.before);
    jsonString(w, value);
    w.raw(this.after);
  }
}

// `{"key":"…","value":` by key, shared by every encoder in the process: keys are few and repeat.
const keys = new FramedStrings(ascii('{"key":'), ascii(',"value":'));

/** An integer as intValue (a string: JSON numbers cannot hold all of int64), a double otherwise. */
function numberValue(w: ByteWriter, value: number): void {
  if (Number.isInteger(value) && Math.abs(value) < TWO_63) {
    w.raw(INT_VALUE);
    if (value < 0) byte(w, 45);
    const magnitude = Math.abs(value);
    if (Number.isSafeInteger(magnitude)) jsonUint(w, magnitude);
    else asciiText(w, BigInt(magnitude).toString());
    w.raw(QUOTE_BRACE);
    return;
  }
  w.raw(DOUBLE_VALUE);
  // JSON has no NaN or Infinity; protobuf JSON spells them as strings.
  if (Number.isFinite(value)) asciiText(w, String(value));
  else jsonString(w, String(value));
  byte(w, 125);
}

/** An OTLP AnyValue from an attribute value; null and unsupported types give an empty AnyValue. */
export function writeAnyValue(w: ByteWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.raw(STRING_VALUE);
      jsonString(w, value);
      byte(w, 125);
      return;
    case 'boolean':
      w.raw(value ? TRUE_VALUE : FALSE_VALUE);
      return;
    case 'number':
      numberValue(w, value);
      return;
    case 'object':
      if (value !== null) objectValue(w, value);
      else w.raw(EMPTY_VALUE);
      return;
    default:
      w.raw(EMPTY_VALUE);
  }
}

function objectValue(w: ByteWriter, value: object): void {
  if (value instanceof Uint8Array) {
    w.raw(BYTES_VALUE);
    asciiText(w, Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
    w.raw(QUOTE_BRACE);
  } else if (Array.isArray(value)) {
    w.raw(ARRAY_VALUE);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) byte(w, COMMA);
      writeAnyValue(w, value[i]);
    }
    w.raw(BRACKET_BRACES);
  } else {
    w.raw(KVLIST_VALUE);
    writeAttributes(w, value as Record<string, unknown>);
    w.raw(BRACES);
  }
}

/** A JSON array of OTLP KeyValue, in the object's own key order. */
export function writeAttributes(
  w: ByteWriter,
  attributes: Record<string, unknown> | undefined,
): void {
  byte(w, 91);
  let first = true;
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    if (!first) byte(w, COMMA);
    first = false;
    keys.write(w, key);
    writeAnyValue(w, attributes[key]);
    byte(w, 125);
  }
  byte(w, 93);
}

/** `,"attributes":[…],"droppedAttributesCount":n`, as events, links and scopes have them. */
export function writeAttributesField(
  w: ByteWriter,
  attributes: Record<string, unknown> | undefined,
  dropped: number | undefined,
): void {
  w.raw(ATTRIBUTES);
  writeAttributes(w, attributes);
  w.raw(DROPPED_ATTRIBUTES);
  jsonCount(w, dropped);
}
