import * as http from 'node:http';
import type { Env } from '@otelkit/core';
import { proxyFor } from '../../config/resolve-proxy';
import type { OtlpTlsMaterial } from '../../types';
import { httpsModule } from '../lazy-builtins';
import type { ProxyEndpoint } from './proxy-endpoint';

// The package index exports agentFor: the tunnel, its TLS and the proxy parsing load on the first proxied agent, so
// an exporter without a proxy (or credentials) loads none of them (node:https and node:tls: ~8 ms at start).
const agents = () => require('./proxy-agents') as typeof import('./proxy-agents');
const endpoints = () => require('./proxy-endpoint') as typeof import('./proxy-endpoint');

export interface ProxiedAgentOptions {
  /** TLS material for an https destination (CA, client certificate and key). */
  tls?: OtlpTlsMaterial;
  keepAlive?: boolean;
  maxSockets?: number;
  /** Longest the proxy may take to open a tunnel (CONNECT answered), in ms. */
  timeoutMillis: number;
}

/**
 * The agent for requests to `url` through the proxy at `proxyUrl` (a `ResolvedProxy.url`); its credentials go to
 * `onSecrets`, for the caller's diagnostics to mask.
 */
export function agentThroughProxy(
  url: URL,
  proxyUrl: string,
  options: ProxiedAgentOptions,
  onSecrets?: (secrets: string[]) => void,
): http.Agent {
  const endpoint = endpoints().proxyEndpoint(proxyUrl);
  onSecrets?.(endpoint.secrets);
  return proxiedAgent(url, endpoint, options);
}

function proxiedAgent(url: URL, proxy: ProxyEndpoint, options: ProxiedAgentOptions): http.Agent {
  const { tls, timeoutMillis, ...pool } = options;
  const { ForwardingAgent, TunnelingAgent } = agents();
  return url.protocol === 'https:'
    ? new TunnelingAgent(proxy, timeoutMillis, { ...pool, ...tls })
    : new ForwardingAgent(proxy, pool);
}

/**
 * An agent for requests of the exporter's own to `url` (an auth provider's token requests): through the proxy
 * the exporter's rules choose for that URL (OTELKIT_EXPORTER_PROXY, https_proxy/HTTPS_PROXY or
 * http_proxy/HTTP_PROXY, NO_PROXY; see `proxyFor`), else a plain agent, with `tls` for an https URL either way.
 * `onSecrets` receives the proxy's credentials, for the caller's diagnostics to mask.
 */
export function agentFor(
  url: string | URL,
  env: Env,
  options: ProxiedAgentOptions & { proxy?: string; onSecrets?: (secrets: string[]) => void },
): http.Agent {
  const target = new URL(url);
  const { proxy: option, onSecrets, ...rest } = options;
  const chosen = proxyFor(target.href, env, option);
  if (chosen === undefined) {
    const { tls, keepAlive, maxSockets } = rest;
    return target.protocol === 'https:'
      ? new (httpsModule().Agent)({ keepAlive, maxSockets, ...tls })
      : new http.Agent({ keepAlive, maxSockets });
  }
  return agentThroughProxy(target, chosen.url, rest, onSecrets);
}
