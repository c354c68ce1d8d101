import type { HrTime } from '@opentelemetry/api';

/**
 * What both encoders write for the fields of a span that is not shaped like an SDK span (a hand-made
 * ReadableSpan, a wrapper that forgot a field): the spec's defaults, so one malformed span never makes the
 * whole request invalid or the encoder throw.
 */

/** HrTime 0, for a missing start or end time. */
export const ZERO_TIME: HrTime = Object.freeze([0, 0]) as unknown as HrTime;

/**
 * OTLP's SpanKind for the API's (which starts at INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED). Anything that is
 * not an API kind is UNSPECIFIED: an undefined kind once wrote a NUL byte into OTLP/JSON.
 */
export function otlpKind(kind: number | undefined): number {
  return kind === 0 || kind === 1 || kind === 2 || kind === 3 || kind === 4 ? kind + 1 : 0;
}

/** UNSET, OK or ERROR; anything else is UNSET. */
export function otlpStatusCode(code: number | undefined): number {
  return code === 1 || code === 2 ? code : 0;
}
