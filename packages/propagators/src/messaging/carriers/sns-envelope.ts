import type { TextMapGetter } from '@opentelemetry/api';
import { isRecord } from './carrier-text';

/** The JSON body SNS delivers to SQS without raw message delivery: `{ Type, Message, MessageAttributes, ... }`. */
export type SnsEnvelope =
  string | { MessageAttributes?: Record<string, { Type?: string; Value?: string }> };

/** One-entry cache: a consumer reads several fields from the same body in a row. */
let lastBody: string | undefined;
let lastAttributes: Record<string, unknown> | undefined;

function attributesOf(envelope: unknown): Record<string, unknown> | undefined {
  if (typeof envelope === 'string') {
    if (envelope !== lastBody) {
      lastBody = envelope;
      lastAttributes = parseAttributes(envelope);
    }
    return lastAttributes;
  }
  return isRecord(envelope) && isRecord(envelope.MessageAttributes)
    ? envelope.MessageAttributes
    : undefined;
}

function parseAttributes(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) && isRecord(parsed.MessageAttributes)
      ? parsed.MessageAttributes
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the context from an SNS notification wrapped in an SQS message body (pass `message.Body` or the parsed
 * object). Read-only: inject with `sqsMessageAttributesCarrier` into the SNS Publish `MessageAttributes`. With raw
 * message delivery the attributes arrive as SQS attributes, so use `sqsMessageAttributesCarrier` to read as well.
 */
export const snsEnvelopeCarrier: TextMapGetter<SnsEnvelope> = {
  get(carrier, key) {
    const attribute = attributesOf(carrier)?.[key];
    return isRecord(attribute) && typeof attribute.Value === 'string' ? attribute.Value : undefined;
  },
  keys(carrier) {
    return Object.keys(attributesOf(carrier) ?? {});
  },
};
