import type { MessageCarrier } from '../../types';
import { isRecord } from './carrier-text';

/** Google Cloud Pub/Sub message `attributes` (string → string). */
export type PubSubAttributes = Record<string, string | undefined>;

/** The prefix Google's own Pub/Sub client uses when its OpenTelemetry support is on. */
const GOOGLE_CLIENT_PREFIX = 'googclient_';

/** Writes plain keys (`traceparent`); reads them, falling back to `googclient_traceparent` from Google's client. */
export const pubsubAttributesCarrier: MessageCarrier<PubSubAttributes> = {
  get(carrier, key) {
    if (!isRecord(carrier)) return undefined;
    const value = carrier[key] ?? carrier[GOOGLE_CLIENT_PREFIX + key];
    return typeof value === 'string' ? value : undefined;
  },
  keys(carrier) {
    return isRecord(carrier) ? Object.keys(carrier) : [];
  },
  set(carrier, key, value) {
    if (isRecord(carrier)) carrier[key] = value;
  },
};
