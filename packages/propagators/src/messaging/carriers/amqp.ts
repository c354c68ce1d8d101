import type { MessageCarrier } from '../../types';
import { headerRecordCarrier } from './header-record-carrier';

/** AMQP 0-9-1 message headers (amqplib `options.headers` on publish, `msg.properties.headers` on consume). */
export type AmqpHeaders = Record<string, unknown>;

/** Carrier for AMQP headers; long strings that arrive as Buffers are decoded as UTF-8. */
export const amqpHeadersCarrier = headerRecordCarrier as MessageCarrier<AmqpHeaders>;
