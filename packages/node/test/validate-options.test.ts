import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateOptions } from '../src/config/validate-options';

const tlsFile = (name: string) =>
  path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls', name);

describe('validateOptions: a bad option passed in code throws a clear error', () => {
  test.each<[string, unknown, RegExp]>([
    ['not an object', 'fast', /option options is "fast"; expected an object/],
    ['samplerArg above 1', { samplerArg: 1.5 }, /option samplerArg is 1.5, which is above 1/],
    [
      'samplerArg not a number',
      { samplerArg: '0.5' },
      /option samplerArg is "0.5", which is not a number/,
    ],
    [
      'unknown sampler',
      { sampler: 'sometimes' },
      /option sampler is "sometimes"; expected one of always_on/,
    ],
    [
      'unknown exporter',
      { traceExporter: 'zipkin' },
      /option traceExporter is "zipkin"; expected one of otlp, console, none/,
    ],
    [
      'relative endpoint',
      { endpoint: 'collector:4318' },
      /option endpoint is "collector:4318"; expected an absolute http\(s\) URL/,
    ],
    ['bad tracesEndpoint', { tracesEndpoint: 'ftp://x/y' }, /option tracesEndpoint/],
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
    [
      'unknown propagator',
      { propagators: ['tracecontext', 'magic'] },
      /option propagators\[\] is "magic"/,
    ],
    [
      'propagator object without inject',
      { propagators: [{}] },
      /expected a name or a TextMapPropagator/,
    ],
    [
      'non-string header',
      { headers: { 'api-key': 5 } },
      /option headers.api-key is 5; expected a string/,
    ],
    [
      'negative queue',
      { batch: { maxQueueSize: 0 } },
      /option batch.maxQueueSize is 0, which is below 1/,
    ],
    ['fractional delay', { batch: { scheduledDelayMillis: 1.5 } }, /which is not a whole number/],
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
    ['disabled not boolean', { disabled: 'true' }, /option disabled is "true"; expected a boolean/],
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

  test('valid options pass through unchanged', () => {
    const options = {
      serviceName: 'shop',
      samplerArg: 0.1,
      sampler: 'traceidratio' as const,
      propagators: ['b3'],
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

  test('plugin propagator names are accepted', () => {
    expect(() => validateOptions({ propagators: ['xcloud'] }, ['xcloud'])).not.toThrow();
  });
});
