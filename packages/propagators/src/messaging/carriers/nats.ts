import type { MessageCarrier } from '../../types';

/** The parts of nats.js `MsgHdrs` (from `headers()`, or `msg.headers`) that propagation needs. */
export interface NatsHeaders {
  get(key: string): string;
  set(key: string, value: string): void;
  has?(key: string): boolean;
  values?(key: string): string[];
  keys(): string[];
}

function isNatsHeaders(value: unknown): value is NatsHeaders {
  return typeof (value as NatsHeaders | undefined)?.get === 'function';
}

/** Carrier for NATS message headers; a repeated header is returned as a list. */
export const natsHeadersCarrier: MessageCarrier<NatsHeaders> = {
  get(carrier, key) {
    if (!isNatsHeaders(carrier) || carrier.has?.(key) === false) return undefined;
    const values = carrier.values?.(key);
    if (values && values.length > 1) return values;
    const value = carrier.get(key);
    return value === '' ? undefined : value;
  },
  keys(carrier) {
    return isNatsHeaders(carrier) ? carrier.keys() : [];
  },
  set(carrier, key, value) {
    if (isNatsHeaders(carrier)) carrier.set(key, value);
  },
};
