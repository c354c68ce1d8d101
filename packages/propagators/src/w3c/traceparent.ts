import { headerValues, trimOws } from '../internal/header-text';

/** The fields of a `traceparent` header that survive parsing. */
export interface ParsedTraceParent {
  traceId: string;
  spanId: string;
  /** Sampled (0x01) and random (0x02) bits; unknown bits are already cleared. */
  traceFlags: number;
}

/** `00-` + 32 + `-` + 16 + `-` + 2: every version shares this prefix layout. */
const PREFIX_LENGTH = 55;
const PREFIX = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ALL_ZERO = /^0+$/;
/** Bits defined by W3C Trace Context level 2: sampled and random. */
export const KNOWN_FLAGS = 0x03;
export const RANDOM_FLAG = 0x02;

/**
 * Parses a `traceparent` value the way the W3C test suite expects: OWS around the value is allowed, ids are
 * lowercase hex and not all zero, version `ff` is invalid, version `00` has no suffix, a future version may carry a
 * suffix that starts with `-`. A repeated header (array of several values) is invalid, so the trace restarts.
 */
export function parseTraceParent(raw: unknown): ParsedTraceParent | undefined {
  const values = headerValues(raw);
  if (values.length !== 1) return undefined;
  const value = trimOws(values[0]);
  if (value.length < PREFIX_LENGTH) return undefined;
  const version = value.slice(0, 2);
  if (version === 'ff') return undefined;
  if (
    value.length > PREFIX_LENGTH &&
    (version === '00' || value.charCodeAt(PREFIX_LENGTH) !== 0x2d)
  ) {
    return undefined;
  }
  const prefix = value.length === PREFIX_LENGTH ? value : value.slice(0, PREFIX_LENGTH);
  if (!PREFIX.test(prefix)) return undefined;
  const traceId = prefix.slice(3, 35);
  const spanId = prefix.slice(36, 52);
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: parseInt(prefix.slice(53, 55), 16) & KNOWN_FLAGS };
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** Formats version 00; returns undefined for ids that would make an invalid header. */
export function formatTraceParent(
  traceId: string,
  spanId: string,
  traceFlags: number,
): string | undefined {
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId)) return undefined;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return `00-${traceId}-${spanId}-0${(traceFlags & KNOWN_FLAGS).toString(16)}`;
}
