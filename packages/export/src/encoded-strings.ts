// Attribute keys and span names repeat across spans; values rarely do. Past this many distinct
// strings (a high-cardinality name), new ones are written directly instead of cached.
const MAX_ENTRIES = 4096;
const MAX_LENGTH = 100;

/**
 * Bounded cache of a string's encoding (whatever bytes `encode` makes of it), so a repeated key or name
 * costs one map lookup and a short copy instead of encoding it again for each span.
 */
export class EncodedStrings {
  private readonly encoded = new Map<string, Uint8Array>();

  constructor(private readonly encode: (value: string) => Uint8Array) {}

  /** The bytes for `value`, or undefined once the cache is full or `value` is long: encode it in place. */
  get(value: string): Uint8Array | undefined {
    let bytes = this.encoded.get(value);
    if (bytes === undefined && this.encoded.size < MAX_ENTRIES && value.length <= MAX_LENGTH) {
      bytes = this.encode(value);
      this.encoded.set(value, bytes);
    }
    return bytes;
  }
}
