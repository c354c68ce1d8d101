import type { MessageCarrier } from '../../types';
import { isRecord, toText } from './carrier-text';

/**
 * Redis Streams entry fields: the flat `[field, value, field, value, ...]` list that XADD takes and XREAD returns
 * (strings or Buffers), or an object of fields.
 */
export type RedisStreamFields = (string | Buffer)[] | Record<string, string | Buffer>;

export const redisStreamFieldsCarrier: MessageCarrier<RedisStreamFields> = {
  get(carrier, key) {
    if (Array.isArray(carrier)) {
      for (let i = 0; i + 1 < carrier.length; i += 2)
        if (toText(carrier[i]) === key) return toText(carrier[i + 1]);
      return undefined;
    }
    return isRecord(carrier) ? toText(carrier[key]) : undefined;
  },
  keys(carrier) {
    if (Array.isArray(carrier)) {
      return carrier.filter((_, i) => i % 2 === 0).map((f) => toText(f) ?? '');
    }
    return isRecord(carrier) ? Object.keys(carrier) : [];
  },
  set(carrier, key, value) {
    if (!Array.isArray(carrier)) {
      if (isRecord(carrier)) carrier[key] = value;
      return;
    }
    for (let i = 0; i + 1 < carrier.length; i += 2) {
      if (toText(carrier[i]) === key) {
        carrier[i + 1] = value;
        return;
      }
    }
    carrier.push(key, value);
  },
};
