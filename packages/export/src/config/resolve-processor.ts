import { checkNumberOption, EnvReader, type Env, type NumberSpec } from '@otelkit/core';
import type { BatchProcessorOptions, Resolution, ResolvedProcessorConfig } from '../types';
import { MAX_DELAY_MILLIS } from './limits';

/**
 * Option → env → default for every numeric processor setting, with the range code options and env values must
 * keep to. Counts are capped where memory stays affordable: the queue grows with use (a large bound costs nothing
 * until spans fill it), but a million SDK spans is already ~1 GB of heap.
 */
export const processorEnv = {
  maxQueueSize: {
    env: 'OTEL_BSP_MAX_QUEUE_SIZE',
    fallback: 4096,
    min: 1,
    max: 1_000_000,
    integer: true,
  },
  maxQueueBytes: {
    env: 'OTELKIT_BSP_MAX_QUEUE_BYTES',
    fallback: 8 * 1024 * 1024,
    min: 1024,
    max: 1024 * 1024 * 1024,
    integer: true,
  },
  maxExportBatchSize: {
    env: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
    fallback: 512,
    min: 1,
    max: 1_000_000,
    integer: true,
  },
  scheduledDelayMillis: {
    env: 'OTEL_BSP_SCHEDULE_DELAY',
    fallback: 1000,
    min: 0,
    max: MAX_DELAY_MILLIS,
    integer: true,
  },
  exportTimeoutMillis: {
    env: 'OTEL_BSP_EXPORT_TIMEOUT',
    fallback: 30000,
    min: 1,
    max: MAX_DELAY_MILLIS,
    integer: true,
  },
  maxConcurrentExports: {
    env: 'OTELKIT_BSP_MAX_CONCURRENT_EXPORTS',
    fallback: 4,
    min: 1,
    max: 64,
    integer: true,
  },
} as const satisfies Record<string, NumberSpec & { env: string }>;

type Key = keyof typeof processorEnv;

/**
 * Spans per request when the exporter encodes spans as they end (`EncodingSpanExporter`) and no batch
 * size is set. Its queue holds bytes, not SDK spans, so a larger batch costs no GC, and requests are
 * what exporting costs most: on a 2-core VM a loopback POST took ~400 µs of CPU before its first byte.
 * 2048 instead of 512 cut export CPU per span by ~0.4 µs (paired runs, docs/performance.md).
 */
export const ENCODED_BATCH_SIZE = 2048;

/**
 * The fewest encoded bytes an SDK span takes (ids, times, name, kind, status: ~100 bytes with no attributes;
 * real spans run 200 to 1,000). Sizing the encoded queue by it means the byte bound, not the count, is what
 * stops a burst: 8 MiB holds ~36,000 spans of 228 bytes, where the count of 4096 stopped at 4096.
 */
export const MIN_ENCODED_SPAN_BYTES = 200;

/**
 * Code options > `OTEL_BSP_*` / `OTELKIT_BSP_*` env > defaults. Pure: reads only `env`, prints nothing. A bad code
 * option throws optionError; a bad env value is one line in `problems` and the default (above the maximum: the
 * maximum) is used.
 */
export function resolveProcessorConfig(
  options: BatchProcessorOptions,
  env: Env,
): Resolution<ResolvedProcessorConfig> {
  const read = new EnvReader(env);
  const number = (key: Exclude<Key, 'maxExportBatchSize'>) => {
    const spec = processorEnv[key];
    checkNumberOption('@otelkit/export', key, options[key], spec);
    return options[key] ?? read.number(spec.env, spec);
  };
  const maxQueueSize = number('maxQueueSize');
  const maxQueueBytes = number('maxQueueBytes');
  const queueSpec = processorEnv.maxQueueSize;
  const queueSet = options.maxQueueSize !== undefined || (env[queueSpec.env] ?? '').trim() !== '';
  // Unset, the encoded queue is bounded by bytes: see MIN_ENCODED_SPAN_BYTES.
  const encodedQueueSize = queueSet
    ? maxQueueSize
    : Math.min(
        queueSpec.max,
        Math.max(queueSpec.fallback, Math.floor(maxQueueBytes / MIN_ENCODED_SPAN_BYTES)),
      );
  const config: ResolvedProcessorConfig = {
    maxQueueSize,
    encodedQueueSize,
    maxQueueBytes,
    maxExportBatchSize: 0,
    encodedBatchSize: 0,
    scheduledDelayMillis: number('scheduledDelayMillis'),
    exportTimeoutMillis: number('exportTimeoutMillis'),
    maxConcurrentExports: number('maxConcurrentExports'),
  };
  // Unset, the batch size depends on the path: see ENCODED_BATCH_SIZE.
  const spec = processorEnv.maxExportBatchSize;
  checkNumberOption('@otelkit/export', 'maxExportBatchSize', options.maxExportBatchSize, spec);
  const fromEnv = () =>
    read.optionalNumber(
      spec.env,
      spec,
      `the default (${spec.fallback}, or ${ENCODED_BATCH_SIZE} for http/protobuf)`,
    );
  const batch = options.maxExportBatchSize ?? fromEnv();
  if (batch !== undefined && batch > maxQueueSize) {
    // A batch larger than the queue could never fill; upstream clamps too.
    const name = options.maxExportBatchSize === undefined ? spec.env : 'maxExportBatchSize';
    read.problem(name, `is above the queue size ${maxQueueSize}`, maxQueueSize, String(batch));
  }
  config.maxExportBatchSize = Math.min(batch ?? spec.fallback, maxQueueSize);
  config.encodedBatchSize = Math.min(batch ?? ENCODED_BATCH_SIZE, encodedQueueSize);
  return { config, problems: read.problems };
}
