import { BlockList, isIP } from 'node:net';

/** One NO_PROXY entry, parsed once: `*`, a host name (and its subdomains), an IP, or a CIDR range; with a port or not. */
type NoProxyRule =
  | { kind: 'all' }
  | { kind: 'name'; name: string; port?: string }
  | { kind: 'ip'; ip: string; port?: string }
  | { kind: 'range'; list: BlockList };

/** NO_PROXY, parsed: what `matchesNoProxy` checks a destination against. */
export type NoProxyRules = readonly NoProxyRule[];

/**
 * Parses a NO_PROXY value as curl (7.86+) and undici read it: entries separated by commas or spaces, case
 * ignored; `*` alone means every host; `example.com`, `.example.com` and `*.example.com` all mean example.com and
 * every name under it; an IP literal (IPv6 with or without brackets) matches that address only; `10.0.0.0/8` or
 * `fd00::/8` a range; `host:port` only that port. An entry that is none of these is skipped (matches nothing).
 */
export function parseNoProxy(value: string | undefined): NoProxyRules {
  if (value === undefined) return [];
  const rules: NoProxyRule[] = [];
  for (const raw of value.toLowerCase().split(/[\s,]+/)) {
    const rule = parseEntry(raw);
    if (rule !== undefined) rules.push(rule);
  }
  return rules;
}

function parseEntry(entry: string): NoProxyRule | undefined {
  if (entry === '') return undefined;
  if (entry === '*') return { kind: 'all' };
  const slash = entry.indexOf('/');
  if (slash !== -1) return parseRange(entry.slice(0, slash), entry.slice(slash + 1));
  const bare = unbracket(entry);
  if (isIP(bare) !== 0) return { kind: 'ip', ip: normalizeIp(bare) };
  // `[::1]:4318` or `host:4318`; a bare IPv6 (several colons) was taken above.
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
  if (match === null) return undefined;
  const host = unbracket(match[1]);
  const port = match[2];
  if (isIP(host) !== 0) return { kind: 'ip', ip: normalizeIp(host), port };
  const name = host.replace(/^\*?\.+/, '').replace(/\.+$/, '');
  return name === '' ? undefined : { kind: 'name', name, port };
}

function parseRange(address: string, bits: string): NoProxyRule | undefined {
  const family = isIP(unbracket(address));
  const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (family === 0 || !(prefix <= (family === 4 ? 32 : 128))) return undefined;
  const list = new BlockList();
  list.addSubnet(unbracket(address), prefix, family === 4 ? 'ipv4' : 'ipv6');
  return { kind: 'range', list };
}

const unbracket = (host: string) =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

/** One spelling per address, so that `::0:1` matches `::1` (the URL parser writes IPv6 hosts the same way). */
function normalizeIp(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/**
 * Whether a destination is to be reached directly. `hostname` as `URL.hostname` gives it (IPv6 in brackets
 * accepted), `port` the effective port (the scheme's default when the URL has none).
 */
export function matchesNoProxy(rules: NoProxyRules, hostname: string, port: string): boolean {
  if (rules.length === 0) return false;
  const host = unbracket(hostname.toLowerCase()).replace(/\.+$/, '');
  const family = isIP(host);
  const ip = family === 0 ? undefined : normalizeIp(host);
  for (const rule of rules) {
    switch (rule.kind) {
      case 'all':
        return true;
      case 'range':
        if (ip !== undefined && rule.list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return true;
        break;
      case 'ip':
        if (ip === rule.ip && (rule.port === undefined || rule.port === port)) return true;
        break;
      case 'name':
        if (
          ip === undefined &&
          (host === rule.name || host.endsWith(`.${rule.name}`)) &&
          (rule.port === undefined || rule.port === port)
        )
          return true;
        break;
    }
  }
  return false;
}
