import type { ResolvedProcessorConfig, Warn } from '../internal-types';
import type { BatchProcessorOptions } from '../types';
import { checkInteger, EnvReader, PREFIX } from './env-reader';

/** Option → env → default for every numeric processor setting. */
export const processorEnv = {
  maxQueueSize: { env: 'OTEL_BSP_MAX_QUEUE_SIZE', fallback: 4096, min: 1 },
  maxQueueBytes: { env: 'OTELKIT_BSP_MAX_QUEUE_BYTES', fallback: 8 * 1024 * 1024, min: 1024 },
  maxExportBatchSize: { env: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', fallback: 512, min: 1 },
  scheduledDelayMillis: { env: 'OTEL_BSP_SCHEDULE_DELAY', fallback: 1000, min: 0 },
  exportTimeoutMillis: { env: 'OTEL_BSP_EXPORT_TIMEOUT', fallback: 30000, min: 1 },
  maxConcurrentExports: { env: 'OTELKIT_BSP_MAX_CONCURRENT_EXPORTS', fallback: 4, min: 1 },
} as const;

type Key = keyof typeof processorEnv;

/** Code options > env > defaults; throws on a bad option, warns once per bad env value. */
export function resolveProcessorConfig(
  options: BatchProcessorOptions,
  env: NodeJS.ProcessEnv,
  warn: Warn,
): ResolvedProcessorConfig {
  const read = new EnvReader(env, warn);
  const config = {} as ResolvedProcessorConfig;
  for (const key of Object.keys(processorEnv) as Key[]) {
    const { env: name, fallback, min } = processorEnv[key];
    checkInteger(key, options[key], min);
    config[key] = options[key] ?? read.integer([name], fallback, min);
  }
  if (config.maxExportBatchSize > config.maxQueueSize) {
    // A batch larger than the queue could never fill; upstream clamps too.
    warn(
      `${PREFIX}: maxExportBatchSize ${config.maxExportBatchSize} exceeds maxQueueSize ${config.maxQueueSize}; using ${config.maxQueueSize}`,
    );
    config.maxExportBatchSize = config.maxQueueSize;
  }
  return config;
}
