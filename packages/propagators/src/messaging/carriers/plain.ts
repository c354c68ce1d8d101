import type { MessageCarrier } from '../../types';
import { headerRecordCarrier } from './header-record-carrier';
import { toTextValues } from './carrier-text';

/** Any plain object of string (or string[]) values, read case-insensitively. */
export const objectCarrier = headerRecordCarrier as MessageCarrier<
  Record<string, string | string[] | undefined>
>;

/** A `Map` of header names to values (exact keys; values may be strings or Buffers). */
export const mapCarrier: MessageCarrier<Map<string, unknown>> = {
  get(carrier, key) {
    return carrier instanceof Map ? toTextValues(carrier.get(key)) : undefined;
  },
  keys(carrier) {
    return carrier instanceof Map
      ? [...carrier.keys()].filter((k): k is string => typeof k === 'string')
      : [];
  },
  set(carrier, key, value) {
    if (carrier instanceof Map) carrier.set(key, value);
  },
};
