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

/** Retry-After as milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
