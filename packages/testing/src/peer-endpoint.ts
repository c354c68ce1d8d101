import type { AttrValue, ReceivedSpan } from './types';

/** `host:port` with loopback names folded together, or `*:port` when a server did not record its host. */
export type Endpoint = string;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::', '']);
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

const text = (v: AttrValue | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);

function port(v: AttrValue | undefined): number | undefined {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/** Lowercased, IPv6 brackets removed, every loopback name as `localhost`. */
export function normalizeHost(host: string): string {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return LOOPBACK.has(bare) || bare.startsWith('127.') ? 'localhost' : bare;
}

const endpoint = (host: string, p: number): Endpoint => `${normalizeHost(host)}:${p}`;

function fromUrl(v: AttrValue | undefined): { host: string; port: number } | undefined {
  const raw = text(v);
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    const scheme = url.protocol.slice(0, -1);
    const p = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
    return p === undefined ? undefined : { host: url.hostname, port: p };
  } catch {
    return undefined;
  }
}

/** `host:port` (the older `http.host`), with the scheme's default port when it has none. */
function fromHostHeader(v: AttrValue | undefined, scheme: string | undefined) {
  const raw = text(v);
  const parsed = raw && fromUrl(`${scheme ?? 'http'}://${raw}`);
  return parsed || undefined;
}

/**
 * Where a CLIENT span sent its request, from the first attribute set that names one: `server.address`/`server.port`
 * (current semantic conventions), `url.full` or `http.url`, `net.peer.name`/`net.peer.port` (older ones).
 */
export function clientPeer(span: ReceivedSpan): Endpoint | undefined {
  const a = span.attributes;
  const url = fromUrl(a['url.full']) ?? fromUrl(a['http.url']);
  const host = text(a['server.address']) ?? url?.host ?? text(a['net.peer.name']);
  const p = port(a['server.port']) ?? url?.port ?? port(a['net.peer.port']);
  return host !== undefined && p !== undefined ? endpoint(host, p) : undefined;
}

/**
 * The addresses a SERVER span was reached at: `server.address`/`server.port` (from the Host header), `url.full` or
 * `http.url`, `http.host`, `net.host.name`/`net.host.port`. A port without a host gives `*:port`.
 */
export function serverEndpoints(span: ReceivedSpan): Endpoint[] {
  const a = span.attributes;
  const scheme = text(a['url.scheme']) ?? text(a['http.scheme']);
  const out = new Set<Endpoint>();
  for (const parsed of [
    fromUrl(a['url.full']),
    fromUrl(a['http.url']),
    fromHostHeader(a['http.host'], scheme),
  ]) {
    if (parsed) out.add(endpoint(parsed.host, parsed.port));
  }
  const defaultPort = scheme === undefined ? undefined : DEFAULT_PORTS[scheme];
  for (const [hostKey, portKey] of [
    ['server.address', 'server.port'],
    ['net.host.name', 'net.host.port'],
  ]) {
    const host = text(a[hostKey]);
    const p = port(a[portKey]) ?? (host === undefined ? undefined : defaultPort);
    if (p !== undefined) out.add(host === undefined ? `*:${p}` : endpoint(host, p));
  }
  return [...out];
}

/** The host part of an endpoint, e.g. to compare it with a service name (`payment:8080` in docker compose). */
export const endpointHost = (e: Endpoint) => e.slice(0, e.lastIndexOf(':'));
export const endpointPort = (e: Endpoint) => e.slice(e.lastIndexOf(':') + 1);

/** Where a PRODUCER sends or a CONSUMER receives: `messaging.destination.name` (or the older `messaging.destination`). */
export function messagingDestination(span: ReceivedSpan): string | undefined {
  const a = span.attributes;
  return text(a['messaging.destination.name']) ?? text(a['messaging.destination']);
}
