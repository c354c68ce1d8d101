import { createHmac } from 'node:crypto';

/** HMAC-SHA256 as lowercase hex: stable for a key, so equal inputs stay joinable across spans and processes. */
export function hmacHex(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
