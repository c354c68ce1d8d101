/**
 * Small string helpers shared by every extractor. They avoid regular expressions on unbounded input so that an
 * adversarial header (megabytes of spaces, say) costs linear time.
 */

/** Trims optional whitespace (SP / HTAB) as defined by RFC 7230, nothing else. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * A getter may return a string, an array (repeated header) or something else entirely when the carrier is
 * user data. Repeated values are returned as a list so that callers decide how to combine them.
 */
export function headerValues(raw: unknown): readonly string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  return [];
}

/** RFC 7230 token: header names and baggage keys. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Visible ASCII and inner spaces only: safe as an outgoing header value in every HTTP stack and broker. */
const SAFE_HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function isSafeHeaderValue(value: string): boolean {
  return SAFE_HEADER_VALUE.test(value);
}
