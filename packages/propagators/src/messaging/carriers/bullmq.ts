import type { MessageCarrier } from '../../types';
import { isRecord } from './carrier-text';

/** BullMQ job data: any JSON object; the context travels in one reserved field of it. */
export type BullMqJobData = Record<string, unknown>;

export const DEFAULT_BULLMQ_FIELD = '_otel';

/**
 * Carrier for BullMQ (and Bull) job data. BullMQ persists `data` as JSON but not arbitrary job options, so the
 * context is stored in `data[field]` (default `_otel`) as a small string map. Pass `job.data` on both sides.
 */
export function bullmqJobDataCarrier(
  field: string = DEFAULT_BULLMQ_FIELD,
): MessageCarrier<BullMqJobData> {
  return {
    get(carrier, key) {
      const fields = isRecord(carrier) ? carrier[field] : undefined;
      const value = isRecord(fields) ? fields[key] : undefined;
      return typeof value === 'string' ? value : undefined;
    },
    keys(carrier) {
      const fields = isRecord(carrier) ? carrier[field] : undefined;
      return isRecord(fields) ? Object.keys(fields) : [];
    },
    set(carrier, key, value) {
      if (!isRecord(carrier)) return;
      const fields = isRecord(carrier[field]) ? carrier[field] : (carrier[field] = {});
      (fields as Record<string, unknown>)[key] = value;
    },
  };
}
