import {
  resolveExporterConfig,
  type OtlpExporterOptions,
  type ResolvedExporterConfig,
} from '@otelkit/export';

const resolve = (env: Record<string, string>, options: OtlpExporterOptions = {}) =>
  resolveExporterConfig(options, env);

describe('exporter settings: code > env > default', () => {
  test.each<[Record<string, string>, OtlpExporterOptions, string]>([
    [{}, {}, 'http://localhost:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, {}, 'http://c:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }, {}, 'http://c:4318/v1/traces'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/otlp?tenant=shop' },
      {},
      'http://c:4318/otlp/v1/traces?tenant=shop',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://gw.example/base/' },
      {},
      'https://gw.example/base/v1/traces',
    ],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:1/x' }, {}, 'http://t:1/x'],
    [
      {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:1/x',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:2',
      },
      {},
      'http://t:1/x',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:2' },
      { url: 'http://code:3/v1/traces' },
      'http://code:3/v1/traces',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:2' },
      { endpoint: 'http://b:5/' },
      'http://b:5/v1/traces',
    ],
    // gRPC: every endpoint is used as is, and the default is the collector's gRPC port.
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, {}, 'http://localhost:4317'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }, { protocol: 'grpc' }, 'http://c:4317'],
    [{}, { protocol: 'grpc', endpoint: 'https://g:443' }, 'https://g:443'],
    // A bad traces-specific endpoint falls back to the general one.
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'nope', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:2' },
      {},
      'http://c:2/v1/traces',
    ],
  ])('url from env %j and options %j is %s', (env, options, url) => {
    expect(resolve(env, options).config.url).toBe(url);
  });

  test.each<[Record<string, string>, Record<string, string>]>([
    [{}, {}],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=x%20y' }, { a: '1', b: 'x y' }],
    // Merged key by key: the traces-specific value of a key wins, the general one's other keys stay.
    [
      { OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=3,c=4' },
      { a: '3', b: '2', c: '4' },
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'Api-Key=k' }, { 'api-key': 'k' }],
    [
      { OTEL_EXPORTER_OTLP_HEADERS: 'X-A=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-a=2' },
      { 'x-a': '2' },
    ],
  ])('headers from env %j are %j', (env, headers) => {
    expect(resolve(env).config.headers).toEqual(headers);
  });

  test('code headers replace env ones, names lower-cased', () => {
    const { config } = resolve(
      { OTEL_EXPORTER_OTLP_HEADERS: 'a=1' },
      { headers: { 'X-Key': 'v' } },
    );
    expect(config.headers).toEqual({ 'x-key': 'v' });
  });

  test.each([
    ['OTEL_EXPORTER_OTLP_TIMEOUT', '2500', 'timeoutMillis', 2500],
    ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', '300', 'timeoutMillis', 300],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', 'gzip', 'compression', 'gzip'],
    ['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'GZIP', 'compression', 'gzip'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json', 'protocol', 'http/json'],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'http/protobuf', 'protocol', 'http/protobuf'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc', 'protocol', 'grpc'],
  ] as const)('%s=%s sets %s to %j', (name, value, key, expected) => {
    const { config, problems } = resolve({ [name]: value });
    expect(config[key]).toBe(expected);
    expect(problems).toEqual([]);
  });

  test('the traces-specific variable wins over the general one', () => {
    const env = { OTEL_EXPORTER_OTLP_TIMEOUT: '1000', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2000' };
    expect(resolve(env).config.timeoutMillis).toBe(2000);
  });

  test.each([
    [{ url: 'nope' }, /^@otelkit\/export: option url is "nope"; expected an absolute http/],
    [{ endpoint: 'ftp://x' }, /option endpoint is "ftp:\/\/x\/"; expected an absolute http/],
    [{ timeoutMillis: -1 }, /option timeoutMillis is -1; expected a whole number from 1 to 600000/],
    [{ timeoutMillis: 1e9 }, /option timeoutMillis is 1000000000; expected a whole number from 1/],
    [
      { maxConcurrentRequests: 0 },
      /option maxConcurrentRequests is 0; expected a whole number from 1 to 256/,
    ],
    [{ retry: { maxAttempts: 0 } }, /option retry\.maxAttempts is 0/],
    [{ retry: { multiplier: 0.5 } }, /option retry\.multiplier is 0\.5/],
    [{ protocol: 'http' }, /option protocol is "http"; expected http\/protobuf, http\/json, grpc/],
    [{ compression: 'br' }, /option compression is "br"; expected gzip, none/],
  ])('bad option %j throws a TypeError naming it', (options, message) => {
    expect(() => resolve({}, options as OtlpExporterOptions)).toThrow(TypeError);
    expect(() => resolve({}, options as OtlpExporterOptions)).toThrow(message);
  });

  test('a bad headers option throws without showing the values', () => {
    const bad = { headers: { authorization: 42 } } as unknown as OtlpExporterOptions;
    expect(() => resolve({}, bad)).toThrow(
      /option headers is \(not shown\); expected an object of string values/,
    );
  });
});

/**
 * Every variable through the same hostile values: the setting keeps a usable value, and at most one line names
 * the variable, short, never showing a header value.
 */
const HUGE = 'x'.repeat(100 * 1024);
const values: Array<[string, string]> = [
  ['unset', ''],
  ['empty', '   '],
  ['garbage', 'garbage!'],
  ['negative', '-5'],
  ['1.5e308', '1.5e308'],
  ['50000000', '50000000'],
  ['100 KB', HUGE],
];

type Key = keyof ResolvedExporterConfig;
const variables: Array<[string, Key, (value: string) => unknown]> = [
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'url', () => 'http://localhost:4318/v1/traces'],
  ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'url', () => 'http://localhost:4318/v1/traces'],
  [
    'OTEL_EXPORTER_OTLP_TIMEOUT',
    'timeoutMillis',
    (v) => (v === '1.5e308' || v === '50000000' ? 600_000 : 10_000),
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
    'timeoutMillis',
    (v) => (v === '1.5e308' || v === '50000000' ? 600_000 : 10_000),
  ],
  ['OTEL_EXPORTER_OTLP_COMPRESSION', 'compression', () => 'none'],
  ['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'compression', () => 'none'],
  ['OTEL_EXPORTER_OTLP_PROTOCOL', 'protocol', () => 'http/protobuf'],
  ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'protocol', () => 'http/protobuf'],
];

describe.each(variables)('%s', (name, key, expected) => {
  test.each(values)('%s: a usable value and at most one short line naming it', (label, value) => {
    const { config, problems } = resolve({ [name]: value });
    expect(config[key]).toEqual(expected(value));
    const set = label !== 'unset' && label !== 'empty';
    expect(problems).toHaveLength(set ? 1 : 0);
    for (const line of problems) {
      expect(line.startsWith(`${name}=`)).toBe(true);
      expect(line.length).toBeLessThanOrEqual(1000);
    }
  });
});

describe.each(['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'])('%s', (name) => {
  test.each([
    ['garbage', 'garbage!', {}],
    [
      'a secret beside a malformed entry',
      'authorization=Bearer%20s3cr3t-t0ken,oops',
      { authorization: 'Bearer s3cr3t-t0ken' },
    ],
    ['100 KB', HUGE, {}],
    ['100 KB of entries', `k=${HUGE}`, { k: HUGE }],
  ])(
    '%s: malformed entries skipped with one line that shows no value',
    (_label, value, headers) => {
      const { config, problems } = resolve({ [name]: value });
      expect(config.headers).toEqual(headers);
      for (const line of problems) {
        expect(line).toMatch(
          new RegExp(`^${name}=\\(\\d+ characters, not shown\\) has 1 malformed entry`),
        );
        expect(line).not.toMatch(/s3cr3t|xxxx/);
        expect(line.length).toBeLessThanOrEqual(1000);
      }
    },
  );
});

test('a URL with credentials is never echoed whole in a problem line', () => {
  const { problems } = resolve({
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://user:hunter22@host/?token=abcdef',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:hunter22@c:4318',
  });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=.* is not an absolute http/);
  expect(problems[0]).toMatch(/using OTEL_EXPORTER_OTLP_ENDPOINT instead$/);
  expect(problems.join('\n')).not.toMatch(/hunter22|abcdef/);
});

test('TLS variables only name files: the traces-specific one first, code wins', () => {
  const env = {
    OTEL_EXPORTER_OTLP_CERTIFICATE: '/general.pem',
    OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/traces.pem',
    OTEL_EXPORTER_OTLP_CLIENT_KEY: '/key.pem',
  };
  expect(resolve(env).config.tls).toEqual({
    ca: { env: 'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE', path: '/traces.pem' },
    cert: undefined,
    key: { env: 'OTEL_EXPORTER_OTLP_CLIENT_KEY', path: '/key.pem' },
  });
  expect(resolve(env, { tls: { ca: 'PEM' } }).config.tls.ca).toEqual({
    pem: 'PEM',
    option: 'tls.ca',
  });
});
