import { cut, redactText } from '@otelkit/core';
import type { AttemptResult } from '../internal-types';
import type { RetrySettings } from '../types';

/** Longest excerpt of a collector's error body a line shows. */
const BODY_MAX = 100;

/** Statuses that mean "try again later" for OTLP/HTTP; any other 4xx/5xx is final. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function isSuccess(result: AttemptResult): boolean {
  return result.status >= 200 && result.status < 300;
}

/** Transient failures: the retryable statuses and transport errors (reset, refused, timeout). */
export function isRetryable(result: AttemptResult): boolean {
  return result.status === 0 || RETRYABLE_STATUS.has(result.status);
}

/**
 * The longest Retry-After otelkit waits, 30 s. A collector asking for longer is not waited for with the request's
 * memory held: the export fails at once with that cause and its spans are counted as lost.
 */
export const MAX_RETRY_AFTER_MILLIS = 30_000;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** RFC 9110 §5.6.7 HTTP-date: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept. */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} (?: \\d|\\d{2}) ${TIME} \\d{4}$`);

/**
 * Retry-After as milliseconds, per RFC 9110 §10.2.3: delta-seconds (digits only) or an HTTP-date (a past date
 * is 0). Undefined when absent or anything else (`-5`, `1.5`, garbage): the caller falls back to its backoff.
 * The value can exceed MAX_RETRY_AFTER_MILLIS (the caller decides; never pass it to setTimeout unchecked); it
 * is at most Number.MAX_SAFE_INTEGER.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, Number.MAX_SAFE_INTEGER);
  let date = NaN;
  if (IMF_FIXDATE.test(trimmed) || RFC850_DATE.test(trimmed)) date = Date.parse(trimmed);
  // asctime carries no zone; RFC 9110 says it is GMT.
  else if (ASCTIME_DATE.test(trimmed)) date = Date.parse(`${trimmed} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), Number.MAX_SAFE_INTEGER);
}

/** Exponential backoff with ±20% jitter for retry number `attempt` (1 = first retry). */
export function backoffMillis(attempt: number, retry: RetrySettings, random = Math.random): number {
  const base = Math.min(
    retry.maxBackoffMillis,
    retry.initialBackoffMillis * retry.multiplier ** (attempt - 1),
  );
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The error.type of a failed attempt: the HTTP status, or the transport error code. */
export function errorTypeOf(result: AttemptResult): string {
  if (result.status !== 0) return String(result.status);
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? result.error?.name ?? 'unknown';
}

export function describeFailure(result: AttemptResult): string {
  if (result.status !== 0) {
    const text = result.body?.toString('utf8', 0, Math.min(result.body.length, 1000)).trim();
    // Collectors answer with a text, JSON or protobuf Status; only readable text helps the reader. A body may
    // echo the request's headers (a 401 from a proxy does): masked, then cut.
    const readable = text && /^[\x20-\x7e]+$/.test(text);
    return `HTTP ${result.status}${readable ? ` (${cut(redactText(text), BODY_MAX)})` : ''}`;
  }
  return result.error?.message ?? 'unknown error';
}
