/**
 * `bytes` (UTF-8 text) as a JSON object, or undefined when it is not JSON or not an object. Never throws: what it
 * reads (a collector's answer, a token endpoint's, a JWT payload) is untrusted input.
 */
export function readJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null
    ? (parsed as Record<string, unknown>)
    : undefined;
}
