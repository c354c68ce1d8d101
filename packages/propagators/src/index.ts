export type {
  AliasPropagatorOptions,
  BatchConsumerSpanOptions,
  ConsumerSpan,
  ConsumerSpanOptions,
  HeaderForwardingOptions,
  MessageCarrier,
  MessagingSpanOptions,
  ProducerSpanOptions,
  PropagatorOptions,
  StrictTraceContextOptions,
  WarnFunction,
} from './types';

// W3C
export { StrictTraceContextPropagator } from './w3c/strict-trace-context-propagator';
export { StrictBaggagePropagator } from './w3c/strict-baggage-propagator';
export { StrictTraceState } from './w3c/strict-trace-state';
export { parseTraceParent, formatTraceParent } from './w3c/traceparent';
export type { ParsedTraceParent } from './w3c/traceparent';

// Custom headers
export { AliasPropagator } from './custom/alias-propagator';
export { XCloudTraceContextPropagator } from './custom/xcloud-propagator';
export { parseCloudTraceContext, formatCloudTraceContext } from './custom/cloud-trace-context';
export type { CloudTraceContext } from './custom/cloud-trace-context';
export { HeaderForwardingPropagator } from './custom/header-forwarding-propagator';
export { getForwardedHeaders, setForwardedHeaders } from './custom/forwarded-headers';
export type { ForwardedHeaders } from './custom/forwarded-headers';
export {
  ForwardedHeadersSpanProcessor,
  FORWARDED_HEADER_ATTRIBUTE_PREFIX,
} from './custom/forwarded-headers-span-processor';
export { forwardedHeadersSpanProcessorFromEnv } from './custom/forwarded-headers-from-env';

// Selection by name (OTEL_PROPAGATORS)
export { createPropagatorByName, propagatorNames } from './create-propagator-by-name';

// Messaging
export {
  injectIntoMessage,
  extractFromMessage,
  getMessageCreationContext,
} from './messaging/inject-extract';
export { startProducerSpan, withProducerSpan } from './messaging/producer-span';
export { startConsumerSpan, withConsumerSpan } from './messaging/consumer-span';
export { startBatchConsumerSpan, withBatchConsumerSpan } from './messaging/batch-consumer-span';
export { recordMessagingError } from './messaging/run-in-span';
export { kafkaHeadersCarrier } from './messaging/carriers/kafka';
export type { KafkaHeaders } from './messaging/carriers/kafka';
export { amqpHeadersCarrier } from './messaging/carriers/amqp';
export type { AmqpHeaders } from './messaging/carriers/amqp';
export { sqsMessageAttributesCarrier, SQS_MAX_MESSAGE_ATTRIBUTES } from './messaging/carriers/sqs';
export type { SqsMessageAttributes, SqsMessageAttributeValue } from './messaging/carriers/sqs';
export { snsEnvelopeCarrier } from './messaging/carriers/sns-envelope';
export type { SnsEnvelope } from './messaging/carriers/sns-envelope';
export { pubsubAttributesCarrier } from './messaging/carriers/pubsub';
export type { PubSubAttributes } from './messaging/carriers/pubsub';
export { redisStreamFieldsCarrier } from './messaging/carriers/redis-streams';
export type { RedisStreamFields } from './messaging/carriers/redis-streams';
export { bullmqJobDataCarrier } from './messaging/carriers/bullmq';
export type { BullMqJobData } from './messaging/carriers/bullmq';
export { natsHeadersCarrier } from './messaging/carriers/nats';
export type { NatsHeaders } from './messaging/carriers/nats';
export { objectCarrier, mapCarrier } from './messaging/carriers/plain';
