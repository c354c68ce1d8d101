/**
 * Encoded bytes per object (a resource, a scope), kept no longer than the object: the SDK shares one
 * per provider and per tracer, so each is encoded once for the life of the process.
 */
export class EncodedByIdentity<K extends object> {
  private readonly encoded = new WeakMap<K, Buffer>();

  /** `settled(key)` false: encode afresh each time (a resource whose async attributes may yet change). */
  constructor(
    private readonly encode: (key: K) => Buffer,
    private readonly settled: (key: K) => boolean = () => true,
  ) {}

  get(key: K): Buffer {
    let bytes = this.encoded.get(key);
    if (bytes === undefined) {
      bytes = this.encode(key);
      if (this.settled(key)) this.encoded.set(key, bytes);
    }
    return bytes;
  }
}
