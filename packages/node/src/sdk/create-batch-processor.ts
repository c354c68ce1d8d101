import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OtelkitBatchSpanProcessor } from '@otelkit/export';
import type { Diagnostics, ResolvedConfig } from '../internal-types';

// The OTEL_BSP_* values come resolved (and reported) by resolveConfig; only the processor's own
// otelkit variables are left for it to read, so no value is reported twice.
const OWN_ENV = ['OTELKIT_BSP_MAX_QUEUE_BYTES', 'OTELKIT_BSP_MAX_CONCURRENT_EXPORTS'] as const;

/** otelkit's batching processor with the resolved batch settings; its drop summaries go through diag. */
export function createBatchProcessor(
  exporter: SpanExporter,
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
): OtelkitBatchSpanProcessor {
  const ownEnv: NodeJS.ProcessEnv = {};
  for (const key of OWN_ENV) if (env[key] !== undefined) ownEnv[key] = env[key];
  return new OtelkitBatchSpanProcessor(
    exporter,
    {
      ...config.batch,
      // Already prefixed `@otelkit/export:`; diag keeps that prefix and rate-limits repeats.
      onWarning: (message) => diag.warnOnce('export-drops', message),
    },
    ownEnv,
  );
}
