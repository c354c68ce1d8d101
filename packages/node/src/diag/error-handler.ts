import { setGlobalErrorHandler } from '@opentelemetry/core';
import type { Diagnostics } from '@otelkit/core';
import { otelKey, render } from './otel-diag-bridge';

/**
 * OpenTelemetry's global error handler prints a serialized stack for every failed export. Route it through our
 * rate-limited diagnostics instead, and skip errors the reporting exporter already described (with endpoint and count).
 */
export function installErrorHandler(
  diag: Diagnostics,
  alreadyReported: (error: unknown) => boolean,
): void {
  setGlobalErrorHandler((error) => {
    if (alreadyReported(error)) return;
    const message = `OpenTelemetry: ${render(error)}`;
    diag.warnOnce(otelKey('otel-error', message), message);
  });
}
