import { redactUrl } from '@otelkit/core';
import type { ResolvedExporterConfig } from '../types';

/**
 * How lines name where spans go: the URL with credentials masked, and the protocol. A URL with nothing to mask is
 * shown as configured (`http://c:4317`, not the normalized `http://c:4317/`), so it reads as the user wrote it.
 * With a proxy: `… via proxy http://***@proxy:3128/ (HTTPS_PROXY)`.
 */
export function exporterTarget(
  config: Pick<ResolvedExporterConfig, 'url' | 'protocol' | 'proxy'>,
): string {
  const masked = redactUrl(config.url);
  const shown = masked === new URL(config.url).href ? config.url : masked;
  // The proxy is part of the path the spans take: named (credentials masked) wherever the target is.
  const via = config.proxy
    ? ` via proxy ${redactUrl(config.proxy.url)} (${config.proxy.from})`
    : '';
  return `${shown} (${config.protocol})${via}`;
}

/**
 * How start-up lines name where credentials come from (`auth gcp-id-token`, `headers function`), never what they
 * are; undefined without any.
 */
export function describeCredentials(
  config: Pick<ResolvedExporterConfig, 'headersFunction' | 'auth'>,
): string | undefined {
  const parts: string[] = [];
  if (config.auth !== undefined) parts.push(`auth ${config.auth.type}`);
  if (config.headersFunction !== undefined) parts.push('headers function');
  return parts.length === 0 ? undefined : parts.join(' and ');
}
