import { EnvReader, optionError, type Env } from '@otelkit/core';
import { matchesNoProxy, parseNoProxy } from '../http/proxy/no-proxy';
import { PREFIX } from '../prefix';
import type { ResolvedProxy } from '../types';

/**
 * The variables the proxy decision reads, in the order they win: lowercase before uppercase, as curl and undici
 * read them. An https destination uses only the https ones and an http destination only the http ones (curl's and
 * Go's rule; undici would fall back to HTTP_PROXY for https).
 */
export const proxyEnv = {
  exporter: 'OTELKIT_EXPORTER_PROXY',
  https: ['https_proxy', 'HTTPS_PROXY'],
  http: ['http_proxy', 'HTTP_PROXY'],
  noProxy: ['no_proxy', 'NO_PROXY'],
} as const;

const OFF = 'off';

/** Throws optionError unless `proxy` is undefined, 'off' or an http(s) proxy URL. */
export function checkProxyOption(proxy: unknown): void {
  if (proxy === undefined) return;
  if (
    typeof proxy === 'string' &&
    (proxy.trim().toLowerCase() === OFF || parseProxyUrl(proxy, true))
  )
    return;
  throw optionError(PREFIX, 'proxy', proxy, "'off' or an http:// or https:// proxy URL");
}

/**
 * Which proxy, if any, requests to `target` go through. `option` (the exporter's `proxy` option) wins over
 * OTELKIT_EXPORTER_PROXY: `off` means direct whatever the environment says, a URL means that proxy for every
 * destination, unset means the standard variables (https_proxy / HTTPS_PROXY for an https destination, http_proxy /
 * HTTP_PROXY for an http one). NO_PROXY (no_proxy first) applies to an explicit proxy and to the standard ones.
 * Pure: a bad value is one line in `read.problems` and the variable is ignored.
 */
export function resolveProxy(
  target: string,
  read: EnvReader,
  option?: string,
): ResolvedProxy | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const chosen = chooseProxy(url, read, option);
  if (chosen === undefined) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const noProxy = read.first(proxyEnv.noProxy);
  if (noProxy !== undefined && matchesNoProxy(parseNoProxy(read.raw(noProxy)), url.hostname, port))
    return undefined;
  return chosen;
}

function chooseProxy(url: URL, read: EnvReader, option?: string): ResolvedProxy | undefined {
  const explicit = option ?? read.raw(proxyEnv.exporter);
  const from = option === undefined ? proxyEnv.exporter : 'option proxy';
  if (explicit !== undefined) {
    if (explicit.toLowerCase() === OFF) return undefined;
    const parsed = parseProxyUrl(explicit, true);
    if (parsed !== undefined) return { url: parsed, from };
    // Only env gets here: the option is checked at construction.
    read.problem(
      from,
      'is not off or an http:// or https:// proxy URL',
      'the standard proxy variables',
      withoutUserinfo(explicit),
    );
  }
  const names = url.protocol === 'https:' ? proxyEnv.https : proxyEnv.http;
  const name = read.first(names);
  if (name === undefined) return undefined;
  const parsed = parseProxyUrl(read.raw(name)!);
  if (parsed !== undefined) return { url: parsed, from: name };
  read.problem(
    name,
    'is not an http:// or https:// proxy URL',
    'a direct connection',
    withoutUserinfo(read.raw(name)!),
  );
  return undefined;
}

/** A value as a line may show it: whatever precedes an `@` is a credential, scheme or not. */
const withoutUserinfo = (value: string) =>
  value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1***@');

/**
 * A proxy URL as the standard variables hold it: `http://user:pass@proxy:3128`, `https://proxy`, or without a
 * scheme (`proxy:3128`, read as http, as curl does) unless `schemeRequired` (otelkit's own setting: a number or a
 * word there is a mistake, not a host). Undefined for another scheme (socks), no host, or a path.
 */
export function parseProxyUrl(value: string, schemeRequired = false): string | undefined {
  const text = value.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!hasScheme && schemeRequired) return undefined;
  const withScheme = hasScheme ? text : `http://${text}`;
  if (!URL.canParse(withScheme)) return undefined;
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '' || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  if (url.search !== '' || url.hash !== '') return undefined;
  return url.href;
}

/**
 * The proxy decision for any request of the exporter's (token requests of an auth provider included): the
 * exporter's rules over `env`, for `target`. Undefined means direct. Bad values are ignored silently here: the
 * exporter's own resolution reports them.
 */
export function proxyFor(target: string, env: Env, option?: string): ResolvedProxy | undefined {
  return resolveProxy(target, new EnvReader(env), option);
}
