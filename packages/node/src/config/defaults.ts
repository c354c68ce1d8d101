import { ENCODED_BATCH_SIZE, processorEnv } from '@otelkit/export';

/** Documented defaults (docs/configuration.md lists the same values). */
export const defaults = {
  endpoint: 'http://localhost:4318',
  /** The collector's gRPC port: with `grpc` the endpoint is used as is, no path appended. */
  grpcEndpoint: 'http://localhost:4317',
  tracesPath: '/v1/traces',
  protocol: 'http/protobuf',
  timeoutMillis: 10_000,
  compression: 'none',
  sampler: 'parentbased_always_on',
  samplerArg: 1,
  propagators: ['tracecontext', 'baggage'],
  exporter: 'otlp',
  logLevel: 'info',
  shutdownTimeoutMillis: 5_000,
  // The export path's tuned values, not the spec's (2048 spans, 5 s): with a 2048-span queue a 1M-span
  // burst at upstream's top rate lost 0.04-0.27 % of its spans (counted); with 4096, none.
  batch: {
    scheduledDelayMillis: processorEnv.scheduledDelayMillis.fallback,
    exportTimeoutMillis: processorEnv.exportTimeoutMillis.fallback,
    maxQueueSize: processorEnv.maxQueueSize.fallback,
  },
  /** maxExportBatchSize, unset: the processor picks by exporter (512 spans, 2048 for http/protobuf). */
  batchSizeText: `the default (${processorEnv.maxExportBatchSize.fallback}, or ${ENCODED_BATCH_SIZE} for http/protobuf)`,
} as const;

/** Option → env → range for every numeric batch setting (the `envFallbacks` pattern of upstream's BSP). */
export const batchEnv = {
  scheduledDelayMillis: { env: 'OTEL_BSP_SCHEDULE_DELAY', range: { min: 0, integer: true } },
  exportTimeoutMillis: { env: 'OTEL_BSP_EXPORT_TIMEOUT', range: { min: 1, integer: true } },
  maxQueueSize: { env: 'OTEL_BSP_MAX_QUEUE_SIZE', range: { min: 1, integer: true } },
  maxExportBatchSize: { env: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', range: { min: 1, integer: true } },
} as const;

/** Span limit option → env names (specific first, then the general `OTEL_ATTRIBUTE_*`). */
export const spanLimitEnv = {
  attributeValueLengthLimit: [
    'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
    'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  ],
  attributeCountLimit: ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'],
  eventCountLimit: ['OTEL_SPAN_EVENT_COUNT_LIMIT'],
  linkCountLimit: ['OTEL_SPAN_LINK_COUNT_LIMIT'],
  attributePerEventCountLimit: ['OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'],
  attributePerLinkCountLimit: ['OTEL_LINK_ATTRIBUTE_COUNT_LIMIT'],
} as const;
