import { decodeComponent, redactUrl } from '@otelkit/core';

/** A proxy as the agents use it, parsed once. */
export interface ProxyEndpoint {
  hostname: string;
  port: number;
  /** TLS to the proxy itself (an `https://` proxy URL). */
  tls: boolean;
  /** `Basic …` from the URL's userinfo, or undefined. */
  authorization?: string;
  /** The URL with credentials masked, for lines. */
  shown: string;
  /** What no line may print: the password, the user:password pair and the header value. */
  secrets: string[];
}

/** `url` is a proxy URL `parseProxyUrl` accepted. Userinfo is percent-decoded, as curl and undici do. */
export function proxyEndpoint(url: string): ProxyEndpoint {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'https:';
  const endpoint: ProxyEndpoint = {
    hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || (tls ? 443 : 80)),
    tls,
    shown: redactUrl(url),
    secrets: [],
  };
  if (parsed.username !== '' || parsed.password !== '') {
    const user = decodeComponent(parsed.username);
    const password = decodeComponent(parsed.password);
    const pair = `${user}:${password}`;
    const encoded = Buffer.from(pair).toString('base64');
    endpoint.authorization = `Basic ${encoded}`;
    endpoint.secrets.push(pair, endpoint.authorization, encoded);
    if (password !== '') endpoint.secrets.push(password, parsed.password);
  }
  return endpoint;
}
