import { SpanKind, trace } from '@opentelemetry/api';
import type { Context, Link } from '@opentelemetry/api';
import type { ConsumerSpan, MessagingSpanOptions } from '../types';
import { messagingAttributes, messagingSpanName } from './messaging-attributes';
import type { OperationAttributes } from './messaging-attributes';
import { messagingTracer } from './run-in-span';

/** The shared part of single-message and batch consumer spans: a CONSUMER span with its links and attributes. */
export function startMessagingConsumerSpan(
  options: MessagingSpanOptions & { operationName?: string; consumerGroup?: string },
  parent: Context,
  links: Link[],
  operation: Omit<OperationAttributes, 'operationName' | 'operationType' | 'consumerGroup'>,
): ConsumerSpan {
  const operationName = options.operationName ?? 'process';
  const span = messagingTracer(options.tracer).startSpan(
    messagingSpanName(operationName, options.destination),
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: messagingAttributes(options, {
        ...operation,
        operationName,
        operationType: 'process',
        consumerGroup: options.consumerGroup,
      }),
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}
