/** HrTime as a decimal string of nanoseconds (OTLP/JSON writes 64-bit integers as strings). */
export function hrTimeString(seconds: number, nanos: number): string {
  const total = seconds * 1e9 + nanos;
  if (Number.isSafeInteger(total)) return String(total);
  return (BigInt(seconds) * 1000000000n + BigInt(nanos)).toString();
}

function anyValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'boolean':
      return `{"boolValue":${value}}`;
    case 'number':
      if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) {
        return `{"intValue":"${Number.isSafeInteger(value) ? value : BigInt(value)}"}`;
      }
      // JSON has no NaN or Infinity; protobuf JSON spells them as strings.
      return `{"doubleValue":${Number.isFinite(value) ? value : `"${value}"`}}`;
    case 'object':
      if (value === null) return '{}';
      if (value instanceof Uint8Array) {
        return `{"bytesValue":"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"}`;
      }
      if (Array.isArray(value))
        return `{"arrayValue":{"values":[${value.map(anyValue).join(',')}]}}`;
      return `{"kvlistValue":{"values":${attributesJson(value as Record<string, unknown>)}}}`;
    default:
      return '{}';
  }
}

/** A JSON array of OTLP KeyValue. */
export function attributesJson(attributes: Record<string, unknown> | undefined): string {
  let out = '[';
  if (attributes) {
    for (const key in attributes) {
      if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
      if (out.length > 1) out += ',';
      out += `{"key":${JSON.stringify(key)},"value":${anyValue(attributes[key])}}`;
    }
  }
  return out + ']';
}
