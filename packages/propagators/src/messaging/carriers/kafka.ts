import type { MessageCarrier } from '../../types';
import { headerRecordCarrier } from './header-record-carrier';

/** kafkajs / node-rdkafka message headers: values are Buffers (consumed) or strings (produced), keys any case. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Carrier for Kafka message `headers`; create the object (`message.headers ??= {}`) before injecting. */
export const kafkaHeadersCarrier = headerRecordCarrier as MessageCarrier<KafkaHeaders>;
