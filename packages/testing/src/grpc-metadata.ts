import type { Metadata } from '@grpc/grpc-js';

/**
 * gRPC metadata as the plain header object `ReceivedRequest` has for HTTP, so the same
 * assertions read both; binary (`-bin`) values become base64 as they travel on the wire.
 */
export function metadataHeaders(metadata: Metadata): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    const strings = values.map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : String(v)));
    headers[key] = strings.length === 1 ? strings[0] : strings;
  }
  return headers;
}
