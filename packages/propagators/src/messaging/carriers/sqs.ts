import type { MessageCarrier } from '../../types';
import { processDiagnostics } from '@otelkit/core';
import { PACKAGE_NAME } from '../../internal/diagnostics';
import { isRecord } from './carrier-text';

/** SQS (and SNS Publish) allow at most 10 message attributes per message. */
export const SQS_MAX_MESSAGE_ATTRIBUTES = 10;

export interface SqsMessageAttributeValue {
  DataType?: string;
  StringValue?: string;
  /** Lambda's SQS event uses lowerCamelCase. */
  dataType?: string;
  stringValue?: string;
  [other: string]: unknown;
}

/** `MessageAttributes` of SendMessage / SNS Publish / a received message, or `messageAttributes` of a Lambda record. */
export type SqsMessageAttributes = Record<string, SqsMessageAttributeValue | undefined>;

/**
 * Writes `String` attributes. SQS rejects a message with more than 10 attributes, so a field that would be the 11th
 * is not written (one diagnostic per minute); context fields come first in `OTEL_PROPAGATORS` order, so keep
 * `tracecontext` first and your own attributes few.
 */
export const sqsMessageAttributesCarrier: MessageCarrier<SqsMessageAttributes> = {
  get(carrier, key) {
    const attribute = isRecord(carrier) ? carrier[key] : undefined;
    if (!isRecord(attribute)) return undefined;
    const value = attribute.StringValue ?? attribute.stringValue;
    return typeof value === 'string' ? value : undefined;
  },
  keys(carrier) {
    return isRecord(carrier) ? Object.keys(carrier) : [];
  },
  set(carrier, key, value) {
    if (!isRecord(carrier)) return;
    if (!(key in carrier) && Object.keys(carrier).length >= SQS_MAX_MESSAGE_ATTRIBUTES) {
      processDiagnostics(PACKAGE_NAME).warnOnce(
        `sqs-limit:${key}`,
        `SQS message already has ${SQS_MAX_MESSAGE_ATTRIBUTES} attributes; "${key}" was not added`,
      );
      return;
    }
    carrier[key] = { DataType: 'String', StringValue: value };
  },
};
