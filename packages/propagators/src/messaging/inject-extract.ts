import { ROOT_CONTEXT, context as api, propagation, trace } from '@opentelemetry/api';
import type { Context, SpanContext, TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/**
 * Writes the context (trace, baggage, forwarded headers: whatever the global propagator carries) into a message
 * carrier and returns the carrier.
 */
export function injectIntoMessage<C>(
  carrier: C,
  accessor: TextMapSetter<C>,
  context: Context = api.active(),
): C {
  propagation.inject(context, carrier, accessor);
  return carrier;
}

/**
 * Reads a message's creation context. The default base is ROOT_CONTEXT: a message is a new unit of work and should
 * not inherit whatever the consumer loop happened to have active. A missing carrier gives back `base`.
 */
export function extractFromMessage<C>(
  carrier: C | undefined,
  accessor: TextMapGetter<C>,
  base: Context = ROOT_CONTEXT,
): Context {
  return carrier === undefined || carrier === null
    ? base
    : propagation.extract(base, carrier, accessor);
}

/** The span context the message was created in, or undefined when it carries none. */
export function getMessageCreationContext<C>(
  carrier: C | undefined,
  accessor: TextMapGetter<C>,
): SpanContext | undefined {
  return trace.getSpanContext(extractFromMessage(carrier, accessor, ROOT_CONTEXT));
}
