import { redactUrl } from '@otelkit/core';
import type { ResolvedExporterConfig } from '../types';

/**
 * How lines name where spans go: the URL with credentials masked, and the protocol. A URL with nothing to mask is
 * shown as configured (`http://c:4317`, not the normalized `http://c:4317/`), so it reads as the user wrote it.
 */
export function exporterTarget(config: Pick<ResolvedExporterConfig, 'url' | 'protocol'>): string {
  const masked = redactUrl(config.url);
  const shown = masked === new URL(config.url).href ? config.url : masked;
  return `${shown} (${config.protocol})`;
}
