import { context as api, propagation, trace } from '@opentelemetry/api';
import type { Context, Link, Span } from '@opentelemetry/api';
import type { ConsumerSpan, ConsumerSpanOptions } from '../types';
import { runInSpan } from './run-in-span';
import { startMessagingConsumerSpan } from './start-consumer-span';
import { fail } from '../config/validate-option';

/**
 * Extracts the message onto the active context. Everything the message carries (baggage, forwarded headers) is
 * kept; in `link` mode the span part is put back to the ambient one and the creation context becomes a link.
 */
function consumerParent<C>(options: ConsumerSpanOptions<C>): { parent: Context; links: Link[] } {
  const base = api.active();
  if (options.carrier === undefined || options.carrier === null) return { parent: base, links: [] };
  const extracted = propagation.extract(base, options.carrier, options.accessor);
  const ambientSpan = trace.getSpan(base);
  const messageSpan = trace.getSpan(extracted);
  const creation = messageSpan !== ambientSpan ? messageSpan?.spanContext() : undefined;
  if (options.relation === 'parent') return { parent: extracted, links: [] };
  const parent = ambientSpan ? trace.setSpan(extracted, ambientSpan) : trace.deleteSpan(extracted);
  return { parent, links: creation ? [{ context: creation }] : [] };
}

/**
 * Starts a `process {destination}` CONSUMER span for one message. By default the message's creation context is a
 * link (semantic conventions); `relation: 'parent'` makes it the parent instead. Returns the span and the context to
 * run the message's work in; the caller ends the span.
 */
export function startConsumerSpan<C>(options: ConsumerSpanOptions<C>): ConsumerSpan {
  if (
    options.relation !== undefined &&
    options.relation !== 'link' &&
    options.relation !== 'parent'
  ) {
    fail('relation', options.relation, "'link' or 'parent'");
  }
  const { parent, links } = consumerParent(options);
  return startMessagingConsumerSpan(options, parent, links, { messageId: options.messageId });
}

/** Starts the consumer span, runs `fn` in it, records errors and ends the span when `fn` is done. */
export function withConsumerSpan<C, T>(options: ConsumerSpanOptions<C>, fn: (span: Span) => T): T {
  const { span, context } = startConsumerSpan(options);
  return runInSpan(span, context, fn);
}
