import { context as api } from '@opentelemetry/api';
import type { Link, Span } from '@opentelemetry/api';
import type { BatchConsumerSpanOptions, ConsumerSpan } from '../types';
import { getMessageCreationContext } from './inject-extract';
import { runInSpan } from './run-in-span';
import { startMessagingConsumerSpan } from './start-consumer-span';

/**
 * Starts one `process {destination}` CONSUMER span for a batch: one link per message that carries a creation
 * context (several messages of one trace give several links) and `messaging.batch.message_count`. The span's
 * parent is the ambient context; the caller ends the span.
 */
export function startBatchConsumerSpan<C>(options: BatchConsumerSpanOptions<C>): ConsumerSpan {
  const links: Link[] = [];
  for (const carrier of options.carriers) {
    const creation = getMessageCreationContext(carrier, options.accessor);
    if (creation) links.push({ context: creation });
  }
  return startMessagingConsumerSpan(options, api.active(), links, {
    batchCount: options.carriers.length,
  });
}

/** Batch version of withConsumerSpan. */
export function withBatchConsumerSpan<C, T>(
  options: BatchConsumerSpanOptions<C>,
  fn: (span: Span) => T,
): T {
  const { span, context } = startBatchConsumerSpan(options);
  return runInSpan(span, context, fn);
}
