/** Brokers hand back header values as strings, Buffers or byte arrays; propagators only want text. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return undefined;
}

/** Like toText, but a list of values (a repeated header) stays a list. */
export function toTextValues(value: unknown): string | string[] | undefined {
  if (!Array.isArray(value)) return toText(value);
  const texts = value.map(toText).filter((v): v is string => v !== undefined);
  return texts.length === 0 ? undefined : texts;
}

/** Own key equal to `key` ignoring case (exact match first, it is the common case). */
export function findKeyIgnoringCase(record: object, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(record, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(record).find((k) => k.toLowerCase() === lower);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
