import { ProtoWriter } from './writer';

// Attribute keys and span names repeat across spans; values rarely do. Past this many distinct
// strings (a high-cardinality name), new ones are written directly instead of cached.
const MAX_ENTRIES = 4096;
const MAX_LENGTH = 100;

/**
 * Complete encoded string fields (tag, length, UTF-8 bytes) by string, so a repeated attribute key or
 * span name costs one map lookup and a short copy instead of a UTF-8 conversion per span.
 */
export class FieldCache {
  private readonly fields = new Map<string, Uint8Array>();
  private readonly scratch = new ProtoWriter(512);
  private lastValue: string | undefined;
  private lastEncoded: Uint8Array = new Uint8Array(0);

  constructor(private readonly field: number) {}

  write(w: ProtoWriter, value: string): void {
    // Consecutive spans mostly share a name: one compare instead of hashing.
    if (value === this.lastValue) {
      w.raw(this.lastEncoded);
      return;
    }
    let encoded = this.fields.get(value);
    if (encoded === undefined) {
      if (this.fields.size >= MAX_ENTRIES || value.length > MAX_LENGTH) {
        w.tag(this.field, 2);
        w.string(value);
        return;
      }
      encoded = this.encode(value);
    }
    this.lastValue = value;
    this.lastEncoded = encoded;
    w.raw(encoded);
  }

  private encode(value: string): Uint8Array {
    const s = this.scratch;
    s.reset();
    s.tag(this.field, 2);
    s.string(value);
    const encoded = s.finish();
    this.fields.set(value, encoded);
    return encoded;
  }
}
