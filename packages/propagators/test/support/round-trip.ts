import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
} from '@opentelemetry/api';
import type { Context, SpanContext, TextMapPropagator } from '@opentelemetry/api';

export type Headers = Record<string, string | string[]>;

/** Extracts from incoming headers like a server would; headers are given with lowercase names. */
export function extract(
  propagator: TextMapPropagator,
  headers: Headers,
  base: Context = ROOT_CONTEXT,
): Context {
  return propagator.extract(base, headers, defaultTextMapGetter);
}

export function extractSpanContext(
  propagator: TextMapPropagator,
  headers: Headers,
): SpanContext | undefined {
  return trace.getSpanContext(extract(propagator, headers));
}

export function inject(propagator: TextMapPropagator, context: Context): Record<string, string> {
  const out: Record<string, string> = {};
  propagator.inject(context, out, defaultTextMapSetter);
  return out;
}

/** Extract, then inject the same context: what this hop would send downstream. */
export function forward(propagator: TextMapPropagator, headers: Headers): Record<string, string> {
  return inject(propagator, extract(propagator, headers));
}

export const TRACE_ID = '12345678901234567890123456789012';
export const SPAN_ID = '1234567890123456';
export const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;
