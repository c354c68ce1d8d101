import { resolveExporterConfig, type OtlpHttpExporterOptions } from '@otelkit/export';

function resolve(env: NodeJS.ProcessEnv, options: OtlpHttpExporterOptions = {}) {
  const warnings: string[] = [];
  const config = resolveExporterConfig(options, env, (m) => warnings.push(m));
  return { config, warnings };
}

describe('exporter settings: code > env > default', () => {
  test.each([
    [{}, {}, 'http://localhost:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, {}, 'http://c:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }, {}, 'http://c:4318/v1/traces'],
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
  ])('url from env %j and options %j is %s', (env, options, url) => {
    expect(resolve(env, options).config.url).toBe(url);
  });

  test.each([
    [{}, {}],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=x%20y' }, { a: '1', b: 'x y' }],
    [
      { OTEL_EXPORTER_OTLP_HEADERS: 'a=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=2,c=3' },
      { a: '2', c: '3' },
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'Api-Key=k' }, { 'api-key': 'k' }],
  ])('headers from env %j are %j', (env, headers) => {
    expect(resolve(env).config.headers).toEqual(headers);
  });

  test.each([
    ['OTEL_EXPORTER_OTLP_TIMEOUT', '2500', 'timeoutMillis', 2500],
    ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', '300', 'timeoutMillis', 300],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', 'gzip', 'compression', 'gzip'],
    ['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'GZIP', 'compression', 'gzip'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json', 'protocol', 'http/json'],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'http/protobuf', 'protocol', 'http/protobuf'],
  ] as const)('%s=%s sets %s to %j', (name, value, key, expected) => {
    const { config, warnings } = resolve({ [name]: value });
    expect(config[key]).toBe(expected);
    expect(warnings).toEqual([]);
  });

  test.each([
    ['OTEL_EXPORTER_OTLP_TIMEOUT', 'soon', 'timeoutMillis', 10000],
    ['OTEL_EXPORTER_OTLP_TIMEOUT', '0', 'timeoutMillis', 10000],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', 'brotli', 'compression', 'none'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc', 'protocol', 'http/protobuf'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'not a url', 'url', 'http://localhost:4318/v1/traces'],
  ] as const)('bad %s=%s warns once and uses the default', (name, value, key, expected) => {
    const { config, warnings } = resolve({ [name]: value });
    expect(config[key]).toBe(expected);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^@otelkit/export: ${name} "${value}"`));
  });

  test('a malformed header entry is skipped with one line', () => {
    const { config, warnings } = resolve({ OTEL_EXPORTER_OTLP_HEADERS: 'a=1,oops,b=2' });
    expect(config.headers).toEqual({ a: '1', b: '2' });
    expect(warnings).toEqual([expect.stringMatching(/"oops" is not key=value/)]);
  });

  test.each([
    [{ url: 'nope' }, /option url "nope" is not a URL/],
    [{ timeoutMillis: -1 }, /option timeoutMillis must be an integer >= 1/],
    [{ retry: { maxAttempts: 0 } }, /option retry.maxAttempts/],
    [{ retry: { multiplier: 0.5 } }, /option retry.multiplier/],
  ])('bad option %j throws', (options, message) => {
    expect(() => resolve({}, options as OtlpHttpExporterOptions)).toThrow(message);
  });
});
