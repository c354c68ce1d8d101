import { decodeComponent, isSecretName } from '@otelkit/core';
import type { ResolvedExporterConfig } from '@otelkit/export';

/**
 * Values of the export settings that must never be printed, whatever line they end up in (an error from the network
 * stack, a collector's body echoing the request): every header value, the endpoint's userinfo and its secret-looking
 * query values, each as written and percent-decoded.
 */
export function exportSecrets(
  config: Pick<ResolvedExporterConfig, 'url' | 'headers' | 'proxy'>,
): string[] {
  const secrets = Object.values(config.headers);
  // The proxy's credentials (OTLP/HTTP and gRPC alike), masked like the collector URL's.
  if (config.proxy) secrets.push(...exportSecrets({ url: config.proxy.url, headers: {} }));
  let url: URL | undefined;
  try {
    url = new URL(config.url);
  } catch {
    return secrets; // not a URL: the exporter reports it, and redaction of free text still applies
  }
  for (const part of [url.username, url.password])
    if (part) secrets.push(part, decodeComponent(part));
  for (const [name, value] of url.searchParams) {
    if (isSecretName(name) && value) secrets.push(value, encodeURIComponent(value));
  }
  return secrets;
}
