import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import type { StrictTraceContextOptions } from '../types';
import { resolveTracestateMaxLength } from '../config/tracestate-max-length';
import {
  TRACEPARENT,
  TRACESTATE,
  decodeTraceContext,
  injectTraceContext,
  withRemoteSpanContext,
} from './trace-context-codec';

const NAMES = { traceparent: [TRACEPARENT], tracestate: [TRACESTATE] };

/**
 * W3C Trace Context with the strictness of the W3C test suite (see docs/propagation.md): invalid or repeated
 * `traceparent` restarts the trace, an invalid `tracestate` is dropped whole, unknown flags are cleared, the random
 * flag survives, and `tracestate` is truncated by whole entries to `tracestateMaxLength`.
 */
export class StrictTraceContextPropagator implements TextMapPropagator {
  private readonly maxLength: number;

  constructor(options: StrictTraceContextOptions = {}) {
    this.maxLength = resolveTracestateMaxLength(options.tracestateMaxLength);
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    injectTraceContext(context, carrier, setter, this.maxLength, NAMES);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const traceParent = getter.get(carrier, TRACEPARENT);
    // A request that starts a trace carries neither header: no tracestate lookup, no parse.
    if (traceParent === undefined) return context;
    const spanContext = decodeTraceContext(
      traceParent,
      getter.get(carrier, TRACESTATE),
      this.maxLength,
    );
    return spanContext ? withRemoteSpanContext(context, spanContext) : context;
  }

  fields(): string[] {
    return [TRACEPARENT, TRACESTATE];
  }
}
