import type { Attributes } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  leanIncomingRequestAttributes,
  type IncomingAttributeOptions,
  type UpstreamHttpUtils,
} from '../../../src/instrumentations/http/lean-incoming-attributes';
import {
  installLeanIncomingAttributes,
  LEAN_ATTRIBUTES_CHECKED_VERSION,
} from '../../../src/instrumentations/http/install-lean-attributes';

const utils = require('@opentelemetry/instrumentation-http/build/src/utils') as UpstreamHttpUtils;
const { DEFAULT_QUERY_STRINGS_TO_REDACT } =
  require('@opentelemetry/instrumentation-http/build/src/internal-types') as {
    DEFAULT_QUERY_STRINGS_TO_REDACT: string[];
  };
const upstream = utils.getIncomingRequestAttributes;
let fellBack = 0;
const lean = leanIncomingRequestAttributes(
  {
    getIncomingRequestAttributes: (...args) => {
      fellBack++;
      return upstream(...args);
    },
    getRemoteClientAddress: utils.getRemoteClientAddress,
  },
  DEFAULT_QUERY_STRINGS_TO_REDACT,
);
const logger = { verbose: () => undefined };

interface Shape {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[]>;
  remoteAddress?: string;
  httpVersion?: string;
}

const request = ({
  method = 'GET',
  url = '/',
  headers = {},
  remoteAddress = '127.0.0.1',
  httpVersion = '1.1',
}: Shape) =>
  ({
    method,
    url,
    headers: { host: 'localhost:3000', 'user-agent': 'curl/8.0', ...headers },
    httpVersion,
    socket: { remoteAddress, remotePort: 51234 },
  }) as unknown as IncomingMessage;

const noHost = (shape: Shape) => {
  const made = request(shape);
  delete made.headers.host;
  return made;
};

const options = (extra: Partial<IncomingAttributeOptions> = {}): IncomingAttributeOptions => ({
  component: 'http',
  enableSyntheticSourceDetection: false,
  redactedQueryParams: [...DEFAULT_QUERY_STRINGS_TO_REDACT],
  ...extra,
});

// Each row: a request shape, and the options upstream's http.js would pass. Both builders must give the same object.
const table: Array<[string, IncomingMessage, IncomingAttributeOptions]> = [
  ['plain GET', request({ url: '/items/42' }), options()],
  ['the bench route', request({ url: '/items/42?user=alice@example.com' }), options()],
  ['lowercase method', request({ method: 'post', url: '/a' }), options()],
  ['unknown method', request({ method: 'PURGE', url: '/a' }), options()],
  ['mixed-case unknown method', request({ method: 'fooBar', url: '/a' }), options()],
  ['QUERY method', request({ method: 'QUERY', url: '/a' }), options()],
  ['redacted sig', request({ url: '/s?sig=secret&x=1' }), options()],
  ['redacted X-Goog-Signature', request({ url: '/s?a=1&X-Goog-Signature=abc&b=2' }), options()],
  [
    'redacted AWSAccessKeyId twice',
    request({ url: '/s?AWSAccessKeyId=k1&x=1&AWSAccessKeyId=k2' }),
    options(),
  ],
  ['redacted name without value', request({ url: '/s?Signature&x' }), options()],
  [
    'redaction list of the user',
    request({ url: '/s?token=abc&sig=keep' }),
    options({ redactedQueryParams: ['token'] }),
  ],
  [
    'redaction list left to the default',
    request({ url: '/s?sig=1' }),
    options({ redactedQueryParams: undefined }),
  ],
  ['encoded query characters', request({ url: '/q?name=J%C3%BCrgen&x=%41%2c%20+y' }), options()],
  ['lowercase escapes and stray %', request({ url: '/q?a=%2f%zz%&b=100%' }), options()],
  ['empty pairs and bare names', request({ url: '/q?&a&&b=&=c&d==e&' }), options()],
  [
    'characters URLSearchParams escapes',
    request({ url: "/q?a=~!$'()*,;:@/?|^[]{}`\\" }),
    options(),
  ],
  ['quote and angle brackets in query', request({ url: '/q?a="<x>"' }), options()],
  ['ASCII escapes in query', request({ url: '/q?x=%41%2c%20+y&n=a%3Db%26c&%2B=1' }), options()],
  [
    'characters URLSearchParams escapes, ASCII',
    request({ url: '/q?a=~!$()*,;:@/?|^[]{}`\\' }),
    options(),
  ],
  ['empty query', request({ url: '/q?' }), options()],
  ['fragment', request({ url: '/q?a=1#frag' }), options()],
  ['encoded path', request({ url: '/caf%C3%A9/a%20b/%2e%2E/x' }), options()],
  ['dot segments', request({ url: '/a/./b/../c' }), options()],
  ['dot file', request({ url: '/.well-known/x' }), options()],
  ['characters the path escapes', request({ url: '/a b/"q"/<x>/{y}/`z`' }), options()],
  ['non-ASCII path', request({ url: '/été' }), options()],
  ['backslash in path', request({ url: '/a\\b' }), options()],
  [
    'path characters kept as written',
    request({ url: "/a:b@c!$&'()*+,;=~^|[]-_.x/%41" }),
    options(),
  ],
  ['double slash start', request({ url: '//evil.example/x' }), options()],
  ['absolute-form URL', request({ url: 'http://example.com:8080/p?q=1' }), options()],
  ['asterisk form', request({ method: 'OPTIONS', url: '*' }), options()],
  ['host without port', request({ headers: { host: 'example.com' } }), options()],
  [
    'host without port over https',
    request({ headers: { host: 'example.com' } }),
    options({ component: 'https' }),
  ],
  ['IPv4 host with port', request({ headers: { host: '10.0.0.1:8080' } }), options()],
  ['IPv4 host without port', request({ headers: { host: '10.0.0.1' } }), options()],
  ['numeric last label', request({ headers: { host: 'foo.123' } }), options()],
  ['out-of-range IPv4', request({ headers: { host: '999.1.1.1:80' } }), options()],
  ['hex last label', request({ headers: { host: 'a.0x1' } }), options()],
  ['IPv6 host with port', request({ headers: { host: '[::1]:3000' } }), options()],
  [
    'IPv6 host without port',
    request({ headers: { host: '[2001:db8::1]' } }),
    options({ component: 'https' }),
  ],
  ['empty port', request({ headers: { host: 'example.com:' } }), options()],
  ['port out of range', request({ headers: { host: 'example.com:70000' } }), options()],
  ['port with leading zero', request({ headers: { host: 'example.com:0080' } }), options()],
  ['uppercase host', request({ headers: { host: 'EXAMPLE.com:81' } }), options()],
  ['host with underscore', request({ headers: { host: 'my_host:81' } }), options()],
  ['punycode host', request({ headers: { host: 'xn--caf-dma.example' } }), options()],
  ['invalid punycode host', request({ headers: { host: 'xn--abc' } }), options()],
  ['trailing dot host', request({ headers: { host: 'example.com.' } }), options()],
  ['host with a space', request({ headers: { host: 'exa mple.com' } }), options()],
  ['no Host header', noHost({ url: '/x?sig=1&b=2' }), options()],
  ['no Host header, no path', noHost({ url: '/' }), options()],
  ['empty Host header', request({ url: '/x', headers: { host: '' } }), options()],
  [
    'X-Forwarded-For',
    request({ headers: { 'x-forwarded-for': '203.0.113.7:4711, 10.0.0.1' } }),
    options(),
  ],
  [
    'X-Forwarded-For IPv6',
    request({ headers: { 'x-forwarded-for': '[2001:db8::2]:80' } }),
    options(),
  ],
  [
    'X-Forwarded-Host and proto',
    request({ headers: { 'x-forwarded-host': 'public.example', 'x-forwarded-proto': 'https' } }),
    options(),
  ],
  [
    'Forwarded',
    request({ headers: { forwarded: 'for=192.0.2.60;proto=https;host=api.example:8443' } }),
    options(),
  ],
  ['malformed Forwarded', request({ headers: { forwarded: 'for=;;==' } }), options()],
  [
    'HTTP/2 and IPv6 peer',
    request({ httpVersion: '2.0', remoteAddress: '::ffff:127.0.0.1' }),
    options({ component: 'https' }),
  ],
  ['no remote address', request({ remoteAddress: undefined as unknown as string }), options()],
  [
    'synthetic detection, bot',
    request({ headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' } }),
    options({ enableSyntheticSourceDetection: true }),
  ],
  [
    'synthetic detection, test',
    request({ headers: { 'user-agent': 'AlwaysOn-probe' } }),
    options({ enableSyntheticSourceDetection: true }),
  ],
  [
    'synthetic detection, browser',
    request({ headers: { 'user-agent': 'Mozilla/5.0' } }),
    options({ enableSyntheticSourceDetection: true }),
  ],
  ['synthetic detection off', request({ headers: { 'user-agent': 'bingbot' } }), options()],
  [
    'hook attributes override',
    request({ url: '/h' }),
    options({ hookAttributes: { 'url.path': '/hooked', custom: 1 } }),
  ],
];

// The shapes whose answer the lean builder does not compute itself (it calls upstream's): every other row checks its
// own fast path.
const leftToUpstream = new Set([
  'encoded query characters',
  'characters URLSearchParams escapes',
  'quote and angle brackets in query',
  'fragment',
  'encoded path',
  'dot segments',
  'dot file',
  'characters the path escapes',
  'non-ASCII path',
  'backslash in path',
  'double slash start',
  'absolute-form URL',
  'asterisk form',
  'numeric last label',
  'out-of-range IPv4',
  'hex last label',
  'IPv6 host with port',
  'IPv6 host without port',
  'empty port',
  'port out of range',
  'host with underscore',
  'punycode host',
  'invalid punycode host',
  'trailing dot host',
  'host with a space',
  'X-Forwarded-Host and proto',
  'Forwarded',
  'malformed Forwarded',
]);

describe('the lean builder gives exactly upstream incoming-request attributes', () => {
  test.each(table)('%s', (name, incoming, opts) => {
    const expected = upstream(incoming, opts, logger);
    fellBack = 0;
    const actual = lean(incoming, opts, logger);
    expect(fellBack).toBe(leftToUpstream.has(name) ? 1 : 0);
    expect(actual).toStrictEqual(expected);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
  });
});

describe('installing it', () => {
  test('the checked version is the one pinned in the pnpm catalog, and the one installed', () => {
    const workspace = readFileSync(join(__dirname, '../../../../../pnpm-workspace.yaml'), 'utf8');
    const pinned = /'@opentelemetry\/instrumentation-http':\s*([^\s]+)/.exec(workspace)?.[1];
    expect(pinned).toBe(LEAN_ATTRIBUTES_CHECKED_VERSION);
    expect(require('@opentelemetry/instrumentation-http/package.json').version).toBe(
      LEAN_ATTRIBUTES_CHECKED_VERSION,
    );
  });

  test('replaces the builder upstream http.js reads at each request, once', () => {
    const mutable = utils as unknown as Record<PropertyKey, unknown>;
    const before = mutable.getIncomingRequestAttributes;
    try {
      expect(installLeanIncomingAttributes()).toBe(true);
      const after = mutable.getIncomingRequestAttributes;
      expect(after).not.toBe(before);
      expect(installLeanIncomingAttributes()).toBe(true);
      expect(mutable.getIncomingRequestAttributes).toBe(after);
      const incoming = request({ url: '/items/1?sig=x' });
      expect((after as typeof upstream)(incoming, options(), logger)).toStrictEqual(
        upstream(incoming, options(), logger) as Attributes,
      );
    } finally {
      mutable.getIncomingRequestAttributes = before;
      delete mutable[Symbol.for('otelkit.leanIncomingRequestAttributes')];
    }
  });
});
