import { resolveExporterConfig, proxyFor, type OtlpExporterOptions } from '@otelkit/export';

const HTTPS = 'https://collector.example.com:4318';
const HTTP = 'http://collector.example.com:4318';

describe('proxy decision: option > OTELKIT_EXPORTER_PROXY > lowercase > uppercase > direct', () => {
  test.each<[string, Record<string, string>, OtlpExporterOptions, string | undefined]>([
    // collector endpoint, env, options → the proxy URL used (undefined: direct)
    ['https', {}, {}, undefined],
    ['https', { HTTPS_PROXY: 'http://up:3128' }, {}, 'http://up:3128/ HTTPS_PROXY'],
    ['https', { https_proxy: 'http://low:3128' }, {}, 'http://low:3128/ https_proxy'],
    [
      'https',
      { https_proxy: 'http://low:3128', HTTPS_PROXY: 'http://up:3128' },
      {},
      'http://low:3128/ https_proxy',
    ],
    // An https collector uses only the https variables, an http one only the http ones (curl's and Go's rule).
    ['https', { HTTP_PROXY: 'http://p:3128' }, {}, undefined],
    ['http', { HTTPS_PROXY: 'http://p:3128' }, {}, undefined],
    ['http', { HTTP_PROXY: 'http://up:3128' }, {}, 'http://up:3128/ HTTP_PROXY'],
    [
      'http',
      { http_proxy: 'http://low:3128', HTTP_PROXY: 'http://up:3128' },
      {},
      'http://low:3128/ http_proxy',
    ],
    // No scheme reads as http, as curl reads it; credentials kept for the agent.
    ['https', { HTTPS_PROXY: 'proxy.corp:8080' }, {}, 'http://proxy.corp:8080/ HTTPS_PROXY'],
    ['https', { HTTPS_PROXY: 'http://u:p%40ss@p:3128' }, {}, 'http://u:p%40ss@p:3128/ HTTPS_PROXY'],
    ['https', { HTTPS_PROXY: 'https://p' }, {}, 'https://p/ HTTPS_PROXY'],
    // off wins over every variable; an explicit URL applies to both schemes.
    ['https', { HTTPS_PROXY: 'http://p:3128', OTELKIT_EXPORTER_PROXY: 'off' }, {}, undefined],
    ['https', { HTTPS_PROXY: 'http://p:3128', OTELKIT_EXPORTER_PROXY: 'OFF' }, {}, undefined],
    [
      'http',
      { HTTP_PROXY: 'http://p:3128', OTELKIT_EXPORTER_PROXY: 'http://mine:1' },
      {},
      'http://mine:1/ OTELKIT_EXPORTER_PROXY',
    ],
    [
      'https',
      { OTELKIT_EXPORTER_PROXY: 'http://mine:1' },
      {},
      'http://mine:1/ OTELKIT_EXPORTER_PROXY',
    ],
    // The code option wins over the environment.
    ['https', { OTELKIT_EXPORTER_PROXY: 'http://mine:1' }, { proxy: 'off' }, undefined],
    [
      'https',
      { OTELKIT_EXPORTER_PROXY: 'off' },
      { proxy: 'http://code:2' },
      'http://code:2/ option proxy',
    ],
    // NO_PROXY (lowercase first) applies to every proxy, explicit ones included.
    ['https', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.example.com' }, {}, undefined],
    ['https', { OTELKIT_EXPORTER_PROXY: 'http://p:3128', NO_PROXY: '*' }, {}, undefined],
    [
      'https',
      { HTTPS_PROXY: 'http://p:3128', no_proxy: 'other.org', NO_PROXY: '.example.com' },
      {},
      'http://p:3128/ HTTPS_PROXY',
    ],
    [
      'https',
      { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'example.com:443' },
      {},
      'http://p:3128/ HTTPS_PROXY',
    ],
    ['https', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'example.com:4318' }, {}, undefined],
  ])('%s collector, env %j, options %j → %s', (scheme, env, options, expected) => {
    const url = scheme === 'https' ? HTTPS : HTTP;
    const { config, problems } = resolveExporterConfig({ endpoint: url, ...options }, env);
    const proxy = config.proxy && `${config.proxy.url} ${config.proxy.from}`;
    expect(proxy).toBe(expected);
    expect(problems).toEqual([]);
    // What an auth provider's token request to the same host gets: the same decision.
    expect(proxyFor(config.url, env, options.proxy)?.url).toBe(config.proxy?.url);
  });

  test.each<[Record<string, string>, string]>([
    [
      { HTTPS_PROXY: 'socks5://u:secret@p:1080' },
      'HTTPS_PROXY="socks5://***@p:1080" is not an http:// or https:// proxy URL; using a direct connection',
    ],
    [
      { HTTPS_PROXY: 'u:secret@' },
      'HTTPS_PROXY="***@" is not an http:// or https:// proxy URL; using a direct connection',
    ],
    [
      { HTTPS_PROXY: 'http://p:3128', OTELKIT_EXPORTER_PROXY: 'ftp://u:secret@x' },
      'OTELKIT_EXPORTER_PROXY="ftp://***@x/" is not off or an http:// or https:// proxy URL; using the standard proxy variables',
    ],
    [
      { HTTPS_PROXY: 'http://p:3128', OTELKIT_EXPORTER_PROXY: '50000000' },
      'OTELKIT_EXPORTER_PROXY="50000000" is not off or an http:// or https:// proxy URL; using the standard proxy variables',
    ],
    [
      { HTTPS_PROXY: 'http://p:3128/some/path' },
      'HTTPS_PROXY="http://p:3128/some/path" is not an http:// or https:// proxy URL; using a direct connection',
    ],
  ])('bad value %j → one line without the password, then the default', (env, line) => {
    const { config, problems } = resolveExporterConfig({ endpoint: HTTPS }, env);
    expect(problems).toEqual([line]);
    expect(problems.join('\n')).not.toContain('secret');
    const fallback = env.OTELKIT_EXPORTER_PROXY === undefined ? undefined : 'http://p:3128/';
    expect(config.proxy?.url).toBe(fallback);
  });

  test.each([['socks5://p:1080'], ['proxy:3128'], ['http://p/path'], [''], ['ftp://x']])(
    'option proxy %j → TypeError naming the option',
    (proxy) => {
      expect(() => resolveExporterConfig({ proxy }, {})).toThrow(/option proxy/);
    },
  );
});
