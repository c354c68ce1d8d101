import type { MessageCarrier } from '../../types';
import { findKeyIgnoringCase, isRecord, toTextValues } from './carrier-text';

/** Header records whose values may be strings, Buffers or lists of them (Kafka, AMQP, plain objects). */
export type HeaderRecord = Record<string, unknown>;

/**
 * Case-insensitive reads (Buffers decoded as UTF-8), writes that replace an existing key of any case so a message
 * never carries two `traceparent`s.
 */
export const headerRecordCarrier: MessageCarrier<HeaderRecord> = {
  get(carrier, key) {
    if (!isRecord(carrier)) return undefined;
    const found = findKeyIgnoringCase(carrier, key);
    return found === undefined ? undefined : toTextValues(carrier[found]);
  },
  keys(carrier) {
    return isRecord(carrier) ? Object.keys(carrier) : [];
  },
  set(carrier, key, value) {
    if (!isRecord(carrier)) return;
    const existing = findKeyIgnoringCase(carrier, key);
    if (existing !== undefined && existing !== key) delete carrier[existing];
    carrier[key] = value;
  },
};
