import { trace } from '@opentelemetry/api';
import type { OtelkitHandle } from '../types';

/** What start() returns when tracing is off (OTEL_SDK_DISABLED, or the SDK could not start): same shape, does nothing. */
export function noopHandle(): OtelkitHandle {
  return {
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
    tracerProvider: trace.getTracerProvider(),
    stats: () => ({ ended: 0, exported: 0, failed: 0, failedRequests: 0 }),
  };
}
