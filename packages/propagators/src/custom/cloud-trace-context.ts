import { headerValues, trimOws } from '../internal/header-text';

/** Google Cloud `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS`, with SPAN_ID an unsigned 64-bit decimal. */
export interface CloudTraceContext {
  traceId: string;
  /** 16 lowercase hex digits; `0000000000000000` when the header carried span id 0. */
  spanId: string;
  /** `;o=1`; a missing `;o=` means not sampled. */
  sampled: boolean;
}

/** At most 20 digits, so the BigInt conversion is bounded however long the input is. */
const HEADER = /^([0-9a-fA-F]{32})\/([0-9]{1,20})(?:;o=([0-9]))?$/;
const MAX_U64 = (1n << 64n) - 1n;
/** A valid header is at most 32 + 1 + 20 + 4 characters; do not even run the regex on more. */
const MAX_LENGTH = 64;

export function parseCloudTraceContext(raw: unknown): CloudTraceContext | undefined {
  const values = headerValues(raw);
  if (values.length !== 1) return undefined;
  const value = trimOws(values[0]);
  if (value.length > MAX_LENGTH) return undefined;
  const match = HEADER.exec(value);
  if (!match) return undefined;
  const traceId = match[1].toLowerCase();
  if (/^0+$/.test(traceId)) return undefined;
  const span = BigInt(match[2]);
  if (span > MAX_U64) return undefined;
  const options = match[3] === undefined ? 0 : Number(match[3]);
  return { traceId, spanId: span.toString(16).padStart(16, '0'), sampled: (options & 1) === 1 };
}

export function formatCloudTraceContext(context: CloudTraceContext): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(context.traceId) || !/^[0-9a-f]{16}$/.test(context.spanId))
    return undefined;
  return `${context.traceId}/${BigInt(`0x${context.spanId}`).toString(10)};o=${context.sampled ? 1 : 0}`;
}
