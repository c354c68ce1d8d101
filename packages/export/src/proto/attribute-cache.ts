import { ProtoWriter } from './writer';

type Scalar = string | number | boolean;

// Bounds on what the process keeps: keys are few; values are cached only for keys that keep repeating
// a small set of them (method, route, status, host), and a key that shows more distinct values than
// this is treated as high-cardinality from then on.
const MAX_KEYS = 4096;
const MAX_KEY_LENGTH = 100;
const MAX_VALUES_PER_KEY = 64;
const MAX_VALUES = 16384;
const MAX_VALUE_LENGTH = 64;
/** Attribute positions remembered (see `entry`). */
const POSITIONS = 32;

/** What the cache holds for one attribute key. */
export interface KeyEntry {
  /** KeyValue.key as a complete field (tag, length, UTF-8). */
  readonly key: Uint8Array;
  /** Complete KeyValue bodies by value; undefined once the key proved high-cardinality. */
  values: Map<Scalar, Uint8Array> | undefined;
  /** The value seen last and its body: consecutive spans mostly repeat it (one compare, no hashing). */
  lastValue: unknown;
  lastBody: Uint8Array | undefined;
}

/**
 * Encoded attribute keys and, for low-cardinality keys, whole encoded KeyValue messages by value, so
 * `http.request.method: GET` costs two map lookups and one copy instead of re-encoding it per span.
 */
export class AttributeCache {
  private readonly keys = new Map<string, KeyEntry>();
  /**
   * The key and entry seen last at each position of an attribute object: spans of one kind set the
   * same keys in the same order, and comparing interned keys costs a seventh of a map lookup.
   */
  private readonly keyAt: Array<string | undefined> = new Array<string | undefined>(POSITIONS).fill(
    undefined,
  );
  private readonly entryAt: Array<KeyEntry | undefined> = new Array<KeyEntry | undefined>(
    POSITIONS,
  ).fill(undefined);
  private valueCount = 0;
  private readonly scratch = new ProtoWriter(512);

  /** @param writeValueField writes KeyValue.value (field 2) for any attribute value. */
  constructor(private readonly writeValueField: (w: ProtoWriter, value: unknown) => void) {}

  /**
   * The entry for `key`, the attribute at `position` of its object, made on first sight; undefined for
   * keys the cache does not take.
   */
  entry(key: string, position: number): KeyEntry | undefined {
    if (position < POSITIONS) {
      if (this.keyAt[position] === key) return this.entryAt[position];
      const entry = this.lookupKey(key);
      this.keyAt[position] = key;
      this.entryAt[position] = entry;
      return entry;
    }
    return this.lookupKey(key);
  }

  private lookupKey(key: string): KeyEntry | undefined {
    const entry = this.keys.get(key);
    if (entry !== undefined || this.keys.size >= MAX_KEYS || key.length > MAX_KEY_LENGTH)
      return entry;
    const s = this.scratch;
    s.reset();
    s.tag(1, 2);
    s.string(key);
    const made: KeyEntry = {
      key: s.finish(),
      values: new Map(),
      lastValue: undefined,
      lastBody: undefined,
    };
    this.keys.set(key, made);
    return made;
  }

  /** The complete KeyValue body for `value` under `entry`, or undefined when it is not cached. */
  keyValue(entry: KeyEntry, value: unknown): Uint8Array | undefined {
    // Object.is: -0 and 0 encode alike, but NaN must match NaN.
    if (entry.lastBody !== undefined && Object.is(entry.lastValue, value)) return entry.lastBody;
    const body = this.lookup(entry, value);
    if (body !== undefined) {
      entry.lastValue = value;
      entry.lastBody = body;
    }
    return body;
  }

  private lookup(entry: KeyEntry, value: unknown): Uint8Array | undefined {
    const values = entry.values;
    if (values === undefined) return undefined;
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
    const cached = values.get(value as Scalar);
    if (cached !== undefined) return cached;
    if (type === 'string' && (value as string).length > MAX_VALUE_LENGTH) return undefined;
    if (values.size >= MAX_VALUES_PER_KEY) {
      this.valueCount -= values.size;
      entry.values = undefined;
      return undefined;
    }
    if (this.valueCount >= MAX_VALUES) return undefined;
    const s = this.scratch;
    s.reset();
    s.raw(entry.key);
    this.writeValueField(s, value);
    const body = s.finish();
    values.set(value as Scalar, body);
    this.valueCount++;
    return body;
  }
}
