import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateOptions } from '../../src/config/validate-options';

const tlsFile = (name: string) =>
  path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'tls', name);

describe('validateOptions: a bad option passed in code throws a clear error', () => {
  test.each<[string, unknown, RegExp]>([
    ['not an object', 'fast', /^@otelkit\/node: option options is "fast"; expected an object$/],
    [
      'samplerArg above 1',
      { samplerArg: 1.5 },
      /^@otelkit\/node: option samplerArg is 1.5; expected a number from 0 to 1$/,
    ],
    [
      'samplerArg not a number',
      { samplerArg: '0.5' },
      /option samplerArg is "0.5"; expected a number from 0 to 1/,
    ],
    [
      'unknown sampler',
      { sampler: 'sometimes' },
      /option sampler is "sometimes"; expected one of always_on.*, or an object with shouldSample\(\)$/,
    ],
    [
      'unknown exporter',
      { traceExporter: 'zipkin' },
      /option traceExporter is "zipkin"; expected one of otlp, console, console-upstream, none/,
    ],
    [
      'relative endpoint',
      { endpoint: 'collector:4318' },
      /option endpoint is "collector:4318"; expected an absolute http\(s\) URL/,
    ],
    ['bad tracesEndpoint', { tracesEndpoint: 'ftp://x/y' }, /option tracesEndpoint/],
    [
      'an endpoint with a password is echoed without it',
      { endpoint: 'ftp://user:hunter2@x' },
      /option endpoint is "ftp:\/\/\*\*\*@x\/?"/,
    ],
    ['tls not an object', { tls: 'ca.pem' }, /option tls is "ca.pem"; expected an object/],
    ['tls.ca a number', { tls: { ca: 1 } }, /option tls.ca is 1; expected PEM text/],
    [
      'tls.ca without a certificate in it',
      { tls: { ca: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n' } },
      /^@otelkit\/node: option tls.ca is not usable: /,
    ],
    [
      'tls.cert and tls.key that do not belong together',
      {
        tls: {
          cert: readFileSync(tlsFile('client.pem')),
          key: readFileSync(tlsFile('server.key')),
        },
      },
      /^@otelkit\/node: option tls.cert with option tls.key is not usable: /,
    ],
    [
      'tls.cert without tls.key',
      { tls: { cert: 'pem' } },
      /option tls is \["cert"\]; expected cert and key together/,
    ],
    [
      'unknown protocol',
      { protocol: 'thrift' },
      /option protocol is "thrift"; expected one of http\/protobuf, http\/json, grpc/,
    ],
    ['unknown compression', { compression: 'br' }, /option compression is "br"/],
    [
      'timeoutMillis past what a timer can wait',
      { timeoutMillis: 2 ** 31 },
      /option timeoutMillis is 2147483648; expected a whole number from 1 to 600000/,
    ],
    [
      'unknown propagator',
      { propagators: ['tracecontext', 'magic'] },
      /option propagators\[\] is "magic"/,
    ],
    [
      'propagator object without inject',
      { propagators: [{}] },
      /option propagators\[\] is \{\}; expected one of .*, or an object with inject\(\)/,
    ],
    [
      'propagators not an array',
      { propagators: 'b3' },
      /option propagators is "b3"; expected an array/,
    ],
    [
      'non-string header, its value hidden',
      { headers: { 'api-key': { token: 's3cret' } } },
      /option headers.api-key is \(not shown\); expected a string/,
    ],
    ['headers not an object', { headers: 'a=b' }, /option headers is .*; expected an object/],
    [
      'proxy of another scheme',
      { proxy: 'socks5://proxy.corp:1080' },
      /^@otelkit\/node: option proxy is .*; expected 'off' or an http:\/\/ or https:\/\/ proxy URL/,
    ],
    [
      'queue of 0',
      { batch: { maxQueueSize: 0 } },
      /option batch.maxQueueSize is 0; expected a whole number from 1 to/,
    ],
    [
      'fractional delay',
      { batch: { scheduledDelayMillis: 1.5 } },
      /option batch.scheduledDelayMillis is 1.5; expected a whole number/,
    ],
    [
      'huge shutdown timeout',
      { shutdownTimeoutMillis: 1.5e308 },
      /option shutdownTimeoutMillis is 1.5e\+308; expected a whole number from 0 to 600000/,
    ],
    [
      'start-up switch not a boolean',
      { exportStartupSpans: 'yes' },
      /option exportStartupSpans is "yes"; expected true or false/,
    ],
    [
      'start-up window past its maximum',
      { startupWindowMillis: 600_001 },
      /option startupWindowMillis is 600001; expected a whole number from 0 to 600000/,
    ],
    [
      'negative context-loss interval',
      { contextLossIntervalMillis: -1 },
      /option contextLossIntervalMillis is -1; expected a whole number from 0 to 600000/,
    ],
    [
      'span limit above its maximum',
      { spanLimits: { attributeCountLimit: 1e9 } },
      /option spanLimits.attributeCountLimit is 1000000000; expected a whole number from 0 to 65536/,
    ],
    [
      'unknown instrumentation',
      { instrumentations: { enabled: ['htp'] } },
      /option instrumentations.enabled\[\] is "htp"/,
    ],
    [
      'unknown instrumentation config',
      { instrumentations: { config: { expresss: {} } } },
      /instrumentations.config key is "expresss"/,
    ],
    [
      'empty serviceName',
      { serviceName: ' ' },
      /option serviceName is " "; expected a non-empty string/,
    ],
    [
      'disabled not boolean',
      { disabled: 'true' },
      /option disabled is "true"; expected true or false/,
    ],
    [
      'unknown detector',
      { resourceDetectors: ['azure'] },
      /option resourceDetectors\[\] is "azure"/,
    ],
    ['unknown log level', { logLevel: 'loud' }, /option logLevel is "loud"/],
  ])('%s', (_what, options, message) => {
    expect(() => validateOptions(options)).toThrow(TypeError);
    expect(() => validateOptions(options)).toThrow(message);
  });

  test('a long value is echoed cut to 100 characters', () => {
    let message = '';
    try {
      validateOptions({ logLevel: 'x'.repeat(100_000) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/option logLevel is "x{99}… \(100000 characters\)"/);
    expect(message.length).toBeLessThan(400);
  });

  test('valid options pass through unchanged', () => {
    const options = {
      serviceName: 'shop',
      samplerArg: 0.1,
      sampler: 'traceidratio' as const,
      propagators: ['b3'],
      shutdownTimeoutMillis: 600_000,
      batch: { maxQueueSize: 8192 },
    };
    expect(validateOptions(options)).toBe(options);
    expect(validateOptions(undefined)).toEqual({});
  });

  test('usable TLS material passes: a CA, and a client certificate with its own key', () => {
    const tls = {
      ca: readFileSync(tlsFile('ca.pem'), 'utf8'),
      cert: readFileSync(tlsFile('client.pem')),
      key: readFileSync(tlsFile('client.key')),
    };
    expect(validateOptions({ tls })).toEqual({ tls });
  });

  test('plugin propagator names and propagator instances are accepted', () => {
    expect(() => validateOptions({ propagators: ['xcloud'] }, ['xcloud'])).not.toThrow();
    expect(() => validateOptions({ propagators: [{ inject() {} }] })).not.toThrow();
  });
});
