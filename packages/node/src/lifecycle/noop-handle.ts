import type { OtelkitHandle } from '../types';

/** What start() returns when tracing is off (OTEL_SDK_DISABLED, or the SDK could not start): same shape, does nothing. */
export function noopHandle(): OtelkitHandle {
  return {
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
    // Looked up when read: a disabled start() must not load the API (44 modules) for a handle nobody may read.
    get tracerProvider() {
      const { trace } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
      return trace.getTracerProvider();
    },
    stats: () => ({
      ended: 0,
      exported: 0,
      failed: 0,
      failedRequests: 0,
      startup: { serving: false, rootTracesNotExported: 0, spansNotExported: 0, spansHeld: 0 },
      contextLoss: [],
      untracedLibraries: [],
    }),
  };
}
