import { MAX_RESPONSE_BYTES } from '../http/post';
import type { AttemptResult } from '../internal-types';

/**
 * A Retry-After at least this long means the exports are stuck, not briefly throttled: the spans wait in memory
 * and the processor's export timeout (30 s by default) may run out before the retry.
 */
export const STUCK_RETRY_AFTER_MILLIS = 10_000;

/**
 * Why an attempt about to be retried shows exports are stuck, for a line printed long before the export fails or
 * the processor gives up on it: an answer not complete within the attempt's deadline (a collector that is slow,
 * hangs, or trickles its answer), or a long Retry-After. Undefined for an ordinary transient failure.
 */
export function stuckCause(
  result: AttemptResult,
  retryAfterMillis: number | undefined,
  timeoutMillis: number,
): string | undefined {
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    const what = result.status === 0 ? 'no complete answer' : `HTTP ${result.status} not complete`;
    return `${what} within ${timeoutMillis} ms (the collector is slow, hung or trickling its answer)`;
  }
  if (retryAfterMillis !== undefined && retryAfterMillis >= STUCK_RETRY_AFTER_MILLIS) {
    return `HTTP ${result.status}, the collector asked to retry after ${Math.ceil(retryAfterMillis / 1000)} s`;
  }
  return undefined;
}

/**
 * What was wrong with an answer whose status said the export succeeded (a body past the cap, cut, or still arriving
 * at the deadline), or undefined for a clean one. The export counts as delivered: the collector decided.
 */
export function oddAnswerCause(
  result: AttemptResult,
  timeoutMillis: number,
): { kind: string; text: string } | undefined {
  if (result.overCap)
    return {
      kind: 'over-cap',
      text: `a body over ${MAX_RESPONSE_BYTES / 1024} KiB (the connection was dropped there)`,
    };
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ETIMEDOUT')
    return { kind: 'slow', text: `a body still arriving after ${timeoutMillis} ms (dropped)` };
  if (result.error !== undefined)
    return { kind: 'cut', text: `a body cut short (${result.error.message})` };
  return undefined;
}
