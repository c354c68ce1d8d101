import type { Attributes } from '@opentelemetry/api';
import type { MessagingSpanOptions } from '../types';

/** OpenTelemetry messaging semantic conventions (v1.27+ names). */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';

export interface OperationAttributes {
  operationName: string;
  operationType: 'send' | 'process' | 'receive';
  messageId?: string;
  consumerGroup?: string;
  batchCount?: number;
}

/** Builds the start attributes; user attributes first so the required ones cannot be overwritten by accident. */
export function messagingAttributes(
  options: MessagingSpanOptions,
  operation: OperationAttributes,
): Attributes {
  const attributes: Attributes = {
    ...options.attributes,
    [ATTR_MESSAGING_SYSTEM]: options.system,
    [ATTR_MESSAGING_OPERATION_NAME]: operation.operationName,
    [ATTR_MESSAGING_OPERATION_TYPE]: operation.operationType,
    [ATTR_MESSAGING_DESTINATION_NAME]: options.destination,
  };
  if (operation.messageId !== undefined)
    attributes[ATTR_MESSAGING_MESSAGE_ID] = operation.messageId;
  if (operation.consumerGroup !== undefined)
    attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = operation.consumerGroup;
  if (operation.batchCount !== undefined)
    attributes[ATTR_MESSAGING_BATCH_MESSAGE_COUNT] = operation.batchCount;
  if (options.serverAddress !== undefined) attributes[ATTR_SERVER_ADDRESS] = options.serverAddress;
  if (options.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = options.serverPort;
  return attributes;
}

/** `{operation} {destination}`, the span name the conventions ask for. */
export function messagingSpanName(operationName: string, destination: string): string {
  return destination ? `${operationName} ${destination}` : operationName;
}
