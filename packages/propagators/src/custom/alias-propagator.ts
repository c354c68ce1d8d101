import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import type { AliasPropagatorOptions } from '../types';
import { checkHeaderName } from '../config/validate-option';
import { resolveTracestateMaxLength } from '../config/tracestate-max-length';
import {
  TRACEPARENT,
  TRACESTATE,
  decodeTraceContext,
  injectTraceContext,
  withRemoteSpanContext,
} from '../w3c/trace-context-codec';
import type { TraceContextHeaderNames } from '../w3c/trace-context-codec';

export const DEFAULT_ALIAS_TRACEPARENT = 'x-otel-traceparent';
export const DEFAULT_ALIAS_TRACESTATE = 'x-otel-tracestate';

/**
 * Strict W3C Trace Context that also travels under alias header names, so a trace survives a proxy that strips or
 * rewrites `traceparent`. On extract the alias wins when it is valid and the standard header is absent, invalid, or
 * names the same trace (a proxy that rewrote the parent id); a standard header of another trace wins.
 */
export class AliasPropagator implements TextMapPropagator {
  private readonly traceparentAlias: string;
  private readonly tracestateAlias: string | undefined;
  private readonly maxLength: number;
  private readonly names: TraceContextHeaderNames;

  constructor(options: AliasPropagatorOptions = {}) {
    this.traceparentAlias =
      checkHeaderName('alias.traceparentHeader', options.traceparentHeader) ??
      DEFAULT_ALIAS_TRACEPARENT;
    const tracestate = checkHeaderName('alias.tracestateHeader', options.tracestateHeader);
    this.tracestateAlias =
      tracestate === null ? undefined : (tracestate ?? DEFAULT_ALIAS_TRACESTATE);
    this.maxLength = resolveTracestateMaxLength(options.tracestateMaxLength);
    this.names = {
      traceparent: [TRACEPARENT, this.traceparentAlias],
      tracestate: this.tracestateAlias ? [TRACESTATE, this.tracestateAlias] : [TRACESTATE],
    };
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    injectTraceContext(context, carrier, setter, this.maxLength, this.names);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const rawTraceState = getter.get(carrier, TRACESTATE);
    const standard = decodeTraceContext(
      getter.get(carrier, TRACEPARENT),
      rawTraceState,
      this.maxLength,
    );
    const aliasTraceState = this.tracestateAlias
      ? getter.get(carrier, this.tracestateAlias)
      : undefined;
    const alias = decodeTraceContext(
      getter.get(carrier, this.traceparentAlias),
      aliasTraceState ?? rawTraceState,
      this.maxLength,
    );
    const chosen = alias && (!standard || standard.traceId === alias.traceId) ? alias : standard;
    return chosen ? withRemoteSpanContext(context, chosen) : context;
  }

  fields(): string[] {
    return [...this.names.traceparent, ...this.names.tracestate];
  }
}
