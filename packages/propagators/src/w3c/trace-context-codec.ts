import { createContextKey, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, SpanContext, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { RANDOM_FLAG, formatTraceParent, parseTraceParent } from './traceparent';
import { StrictTraceState } from './strict-trace-state';

/**
 * The SDK derives a child's flags from its sampling decision only, so the W3C "random" bit of an incoming trace
 * would be lost one hop later. The trace id that arrived with the bit set is kept in the context instead and the
 * bit is restored on every inject for that same trace.
 */
const RANDOM_TRACE_ID_KEY = createContextKey('otelkit.propagators.w3c-random-trace-id');

export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

export interface EncodedTraceContext {
  traceparent: string;
  tracestate: string | undefined;
}

/** Reads the active span of `context` as W3C headers, or undefined when there is nothing valid to send. */
export function encodeTraceContext(
  context: Context,
  tracestateMaxLength: number,
): EncodedTraceContext | undefined {
  const spanContext = trace.getSpanContext(context);
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const random = context.getValue(RANDOM_TRACE_ID_KEY) === spanContext.traceId ? RANDOM_FLAG : 0;
  const traceparent = formatTraceParent(
    spanContext.traceId.toLowerCase(),
    spanContext.spanId.toLowerCase(),
    spanContext.traceFlags | random,
  );
  if (traceparent === undefined) return undefined;
  return { traceparent, tracestate: encodeTraceState(spanContext, tracestateMaxLength) };
}

function encodeTraceState(spanContext: SpanContext, maxLength: number): string | undefined {
  const state = spanContext.traceState;
  if (!state) return undefined;
  // Other TraceState implementations (SDK samplers, user code) are re-validated so we never emit a bad header.
  const strict =
    state instanceof StrictTraceState
      ? state
      : StrictTraceState.parse(state.serialize(), maxLength);
  const serialized = strict?.serialize();
  return serialized ? serialized : undefined;
}

/** The remote span context carried by raw `traceparent` / `tracestate` values, if valid. */
export function decodeTraceContext(
  rawTraceParent: unknown,
  rawTraceState: unknown,
  tracestateMaxLength: number,
): SpanContext | undefined {
  const parsed = parseTraceParent(rawTraceParent);
  if (!parsed) return undefined;
  const traceState = StrictTraceState.parse(rawTraceState, tracestateMaxLength);
  return {
    traceId: parsed.traceId,
    spanId: parsed.spanId,
    traceFlags: parsed.traceFlags,
    isRemote: true,
    ...(traceState ? { traceState } : {}),
  };
}

/** Puts a decoded span context into `context`, remembering the random flag for later injects. */
export function withRemoteSpanContext(context: Context, spanContext: SpanContext): Context {
  const withSpan = trace.setSpanContext(context, spanContext);
  return spanContext.traceFlags & RANDOM_FLAG
    ? withSpan.setValue(RANDOM_TRACE_ID_KEY, spanContext.traceId)
    : withSpan.deleteValue(RANDOM_TRACE_ID_KEY);
}

/** The header names a propagator writes `traceparent` and `tracestate` under. */
export interface TraceContextHeaderNames {
  traceparent: readonly string[];
  tracestate: readonly string[];
}

export function injectTraceContext(
  context: Context,
  carrier: unknown,
  setter: TextMapSetter,
  tracestateMaxLength: number,
  names: TraceContextHeaderNames,
): void {
  if (isTracingSuppressed(context)) return;
  const encoded = encodeTraceContext(context, tracestateMaxLength);
  if (!encoded) return;
  for (const name of names.traceparent) setter.set(carrier, name, encoded.traceparent);
  if (encoded.tracestate)
    for (const name of names.tracestate) setter.set(carrier, name, encoded.tracestate);
}
