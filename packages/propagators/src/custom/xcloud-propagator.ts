import { TraceFlags, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { formatCloudTraceContext, parseCloudTraceContext } from './cloud-trace-context';

export const X_CLOUD_TRACE_CONTEXT = 'x-cloud-trace-context';

/**
 * Google Cloud's `X-Cloud-Trace-Context`. A header with span id 0 names a trace but no parent span, which an
 * OpenTelemetry span context cannot express, so it is ignored on extract (the trace restarts).
 */
export class XCloudTraceContextPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (!spanContext || !isSpanContextValid(spanContext) || isTracingSuppressed(context)) return;
    const value = formatCloudTraceContext({
      traceId: spanContext.traceId.toLowerCase(),
      spanId: spanContext.spanId.toLowerCase(),
      sampled: (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
    });
    if (value) setter.set(carrier, X_CLOUD_TRACE_CONTEXT, value);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const parsed = parseCloudTraceContext(getter.get(carrier, X_CLOUD_TRACE_CONTEXT));
    if (!parsed) return context;
    const spanContext = {
      traceId: parsed.traceId,
      spanId: parsed.spanId,
      traceFlags: parsed.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    };
    return isSpanContextValid(spanContext) ? trace.setSpanContext(context, spanContext) : context;
  }

  fields(): string[] {
    return [X_CLOUD_TRACE_CONTEXT];
  }
}
