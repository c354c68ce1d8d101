import { AttributeCache } from './attribute-cache';
import type { ProtoWriter } from './writer';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** AnyValue (common.proto) from an attribute value; null and unsupported types give an empty AnyValue. */
export function writeAnyValue(w: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, 2);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, 0);
      w.varint32(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        w.tag(3, 0);
        w.varint64(value);
      } else {
        w.tag(4, 1);
        w.double(value);
      }
      return;
    case 'object':
      if (value !== null) writeObjectValue(w, value);
      return;
  }
}

/** KeyValue.value (field 2). */
function writeValueField(w: ProtoWriter, value: unknown): void {
  w.tag(2, 2);
  const any = w.begin();
  writeAnyValue(w, value);
  w.end(any);
}

// Shared by every encoder in the process: attribute keys are few and repeat, and so do many values.
const cache = new AttributeCache(writeValueField);

function writeObjectValue(w: ProtoWriter, value: object): void {
  if (value instanceof Uint8Array) {
    w.tag(7, 2);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.tag(5, 2);
    const array = w.begin();
    for (let i = 0; i < value.length; i++) {
      w.tag(1, 2);
      const item = w.begin();
      writeAnyValue(w, value[i]);
      w.end(item);
    }
    w.end(array);
  } else {
    w.tag(6, 2);
    const list = w.begin();
    writeAttributes(w, value as Record<string, unknown>, 1);
    w.end(list);
  }
}

/** Repeated KeyValue under `field`, in the object's own key order. */
export function writeAttributes(
  w: ProtoWriter,
  attributes: Record<string, unknown>,
  field: number,
): void {
  let index = 0;
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    const value = attributes[key];
    const entry = cache.entry(key, index++);
    if (entry !== undefined) {
      const body = cache.keyValue(entry, value);
      if (body !== undefined) {
        w.message(field, body);
        continue;
      }
      if (typeof value === 'string' && w.keyValueString(field, entry.key, value)) continue;
    }
    w.tag(field, 2);
    const kv = w.begin();
    if (entry !== undefined) w.raw(entry.key);
    else {
      w.tag(1, 2);
      w.string(key);
    }
    writeValueField(w, value);
    w.end(kv);
  }
}
