import { SpanKind, context as api, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { ProducerSpanOptions } from '../types';
import { injectIntoMessage } from './inject-extract';
import { messagingAttributes, messagingSpanName } from './messaging-attributes';
import { messagingTracer, runInSpan } from './run-in-span';

/**
 * Starts the `send {destination}` PRODUCER span (child of the active context) and injects its context into the
 * message carrier, so the span is the message's creation context. The caller ends the span.
 */
export function startProducerSpan<C>(options: ProducerSpanOptions<C>): Span {
  const parent = api.active();
  const span = messagingTracer(options.tracer).startSpan(
    messagingSpanName('send', options.destination),
    {
      kind: SpanKind.PRODUCER,
      attributes: messagingAttributes(options, {
        operationName: 'send',
        operationType: 'send',
        messageId: options.messageId,
      }),
    },
    parent,
  );
  injectIntoMessage(options.carrier, options.accessor, trace.setSpan(parent, span));
  return span;
}

/**
 * Starts the producer span, injects, runs `fn` (which sends the message) with the span active, records errors and
 * ends the span when `fn` returns or its promise settles.
 */
export function withProducerSpan<C, T>(options: ProducerSpanOptions<C>, fn: (span: Span) => T): T {
  const span = startProducerSpan(options);
  return runInSpan(span, api.active(), fn);
}
