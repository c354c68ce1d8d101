import { resolveConfig } from '../src/config/resolve-config';
import type { StartOptions } from '../src/types';

type Env = Record<string, string>;
const resolve = (env: Env, options: StartOptions = {}) => resolveConfig(options, env, ['xcloud']);

describe('resolveConfig: defaults', () => {
  test('an empty env gives the documented defaults and no problems', () => {
    const { config, problems } = resolve({});
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      disabled: false,
      serviceName: undefined,
      exporter: 'otlp',
      tracesUrl: 'http://localhost:4318/v1/traces',
      headers: {},
      protocol: 'http/protobuf',
      timeoutMillis: 10000,
      compression: 'none',
      sampler: { name: 'parentbased_always_on', arg: 1 },
      propagators: ['tracecontext', 'baggage'],
      batch: {
        scheduledDelayMillis: 1000,
        exportTimeoutMillis: 30000,
        maxQueueSize: 4096,
      },
      spanLimits: {},
      logLevel: 'info',
      handleSignals: true,
      shutdownTimeoutMillis: 5000,
      resourceDetectors: undefined,
    });
    // Unset: the processor picks by exporter (512 spans, 2048 for http/protobuf).
    expect(config.batch.maxExportBatchSize).toBeUndefined();
    expect(config.instrumentations.enabled).toEqual(
      expect.arrayContaining(['http', 'express', 'pino', 'winston', 'prisma', 'undici']),
    );
    for (const off of ['fs', 'dns', 'net', 'host-metrics', 'runtime-node']) {
      expect(config.instrumentations.enabled).not.toContain(off);
    }
  });
});

// One row per env combination: [what, env, path into config, expected value]
const valid: Array<[string, Env, (c: ReturnType<typeof resolve>['config']) => unknown, unknown]> = [
  ['service name', { OTEL_SERVICE_NAME: 'shop' }, (c) => c.serviceName, 'shop'],
  [
    'service name from resource attributes',
    { OTEL_RESOURCE_ATTRIBUTES: 'service.name=cart' },
    (c) => c.serviceName,
    'cart',
  ],
  [
    'OTEL_SERVICE_NAME beats resource attributes',
    { OTEL_SERVICE_NAME: 'a', OTEL_RESOURCE_ATTRIBUTES: 'service.name=b' },
    (c) => c.serviceName,
    'a',
  ],
  [
    'resource attributes are percent-decoded',
    { OTEL_RESOURCE_ATTRIBUTES: 'team=pay%20ments,tier=1' },
    (c) => c.resourceAttributes,
    { team: 'pay ments', tier: '1' },
  ],
  [
    'detectors none drops env attributes',
    { OTEL_RESOURCE_ATTRIBUTES: 'a=b', OTEL_NODE_RESOURCE_DETECTORS: 'none' },
    (c) => c.resourceAttributes,
    {},
  ],
  [
    'detectors list',
    { OTEL_NODE_RESOURCE_DETECTORS: 'env,host,gcp' },
    (c) => c.resourceDetectors,
    ['env', 'host', 'gcp'],
  ],
  ['disabled', { OTEL_SDK_DISABLED: 'true' }, (c) => c.disabled, true],
  ['disabled is case-insensitive', { OTEL_SDK_DISABLED: 'TRUE' }, (c) => c.disabled, true],
  ['exporter console', { OTEL_TRACES_EXPORTER: 'console' }, (c) => c.exporter, 'console'],
  ['exporter none', { OTEL_TRACES_EXPORTER: 'none' }, (c) => c.exporter, 'none'],
  [
    'endpoint gets /v1/traces',
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
    (c) => c.tracesUrl,
    'http://collector:4318/v1/traces',
  ],
  [
    'endpoint trailing slash',
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' },
    (c) => c.tracesUrl,
    'http://collector:4318/v1/traces',
  ],
  [
    'traces endpoint used as is',
    { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://x.io/custom' },
    (c) => c.tracesUrl,
    'https://x.io/custom',
  ],
  [
    'traces endpoint beats endpoint',
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:2/t',
    },
    (c) => c.tracesUrl,
    'http://b:2/t',
  ],
  [
    'headers',
    { OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc,x-team=a%2Cb' },
    (c) => c.headers,
    { 'api-key': 'abc', 'x-team': 'a,b' },
  ],
  [
    'traces headers beat general headers',
    { OTEL_EXPORTER_OTLP_HEADERS: 'a=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=2' },
    (c) => c.headers,
    { b: '2' },
  ],
  ['protocol json', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, (c) => c.protocol, 'http/json'],
  ['protocol grpc', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, (c) => c.protocol, 'grpc'],
  [
    'grpc: default endpoint is the gRPC port',
    { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
    (c) => c.tracesUrl,
    'http://localhost:4317',
  ],
  [
    'grpc: endpoint used as is (no /v1/traces)',
    { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4317' },
    (c) => c.tracesUrl,
    'https://collector:4317',
  ],
  [
    'grpc: traces endpoint beats endpoint',
    {
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4317',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4317',
    },
    (c) => c.tracesUrl,
    'http://b:4317',
  ],
  [
    'grpc only for traces: the general endpoint is still taken as is',
    { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4317' },
    (c) => c.tracesUrl,
    'http://a:4317',
  ],
  [
    'traces protocol beats general',
    {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    },
    (c) => c.protocol,
    'http/protobuf',
  ],
  ['timeout', { OTEL_EXPORTER_OTLP_TIMEOUT: '2500' }, (c) => c.timeoutMillis, 2500],
  ['compression', { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, (c) => c.compression, 'gzip'],
  [
    'TLS file variables are passed on as set (the exporter reads them), blank ones left out',
    {
      OTEL_EXPORTER_OTLP_CERTIFICATE: '/etc/ca.pem',
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: '/etc/client.pem',
      OTEL_EXPORTER_OTLP_CLIENT_KEY: '/etc/client.key',
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: ' ',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1',
    },
    (c) => c.tlsEnv,
    {
      OTEL_EXPORTER_OTLP_CERTIFICATE: '/etc/ca.pem',
      OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: '/etc/client.pem',
      OTEL_EXPORTER_OTLP_CLIENT_KEY: '/etc/client.key',
    },
  ],
  ['no TLS file variables', {}, (c) => c.tlsEnv, {}],
  [
    'sampler ratio',
    { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' },
    (c) => c.sampler,
    { name: 'traceidratio', arg: 0.25 },
  ],
  [
    'parent-based ratio',
    { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
    (c) => c.sampler,
    { name: 'parentbased_traceidratio', arg: 0 },
  ],
  [
    'sampler arg ignored for always_on',
    { OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '7' },
    (c) => c.sampler,
    { name: 'always_on', arg: 1 },
  ],
  [
    'propagators',
    { OTEL_PROPAGATORS: 'b3,b3multi,jaeger,xray' },
    (c) => c.propagators,
    ['b3', 'b3multi', 'jaeger', 'xray'],
  ],
  [
    'plugin propagator name',
    { OTEL_PROPAGATORS: 'tracecontext,xcloud' },
    (c) => c.propagators,
    ['tracecontext', 'xcloud'],
  ],
  ['propagators none', { OTEL_PROPAGATORS: 'none' }, (c) => c.propagators, ['none']],
  [
    'bsp settings',
    {
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
      OTEL_BSP_EXPORT_TIMEOUT: '1000',
    },
    (c) => c.batch,
    {
      scheduledDelayMillis: 200,
      maxQueueSize: 100,
      maxExportBatchSize: 10,
      exportTimeoutMillis: 1000,
    },
  ],
  [
    'batch larger than queue is clamped',
    { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500' },
    (c) => c.batch.maxExportBatchSize,
    100,
  ],
  [
    'span limits, specific beats general',
    {
      OTEL_ATTRIBUTE_COUNT_LIMIT: '10',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '20',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '5',
    },
    (c) => c.spanLimits,
    { attributeCountLimit: 20, eventCountLimit: 5 },
  ],
  [
    'span limits, general',
    { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' },
    (c) => c.spanLimits,
    { attributeValueLengthLimit: 100 },
  ],
  ['log level', { OTEL_LOG_LEVEL: 'DEBUG' }, (c) => c.logLevel, 'debug'],
  [
    'enabled instrumentations',
    { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express,fs' },
    (c) => c.instrumentations.enabled,
    ['express', 'fs', 'http'],
  ],
  [
    'disabled instrumentations',
    {
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express',
    },
    (c) => c.instrumentations.enabled,
    ['http'],
  ],
  [
    'prisma can be disabled',
    { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'prisma' },
    (c) => c.instrumentations.enabled.includes('prisma'),
    false,
  ],
  ['signals off', { OTELKIT_HANDLE_SIGNALS: 'false' }, (c) => c.handleSignals, false],
  ['shutdown timeout', { OTELKIT_SHUTDOWN_TIMEOUT: '1500' }, (c) => c.shutdownTimeoutMillis, 1500],
];

describe('resolveConfig: valid env values', () => {
  test.each(valid)('%s', (_what, env, pick, expected) => {
    const { config, problems } = resolve(env);
    expect(problems).toEqual([]);
    expect(pick(config)).toEqual(expected);
  });
});

// One row per bad value: [env, path into config, documented fallback, text the single problem line must contain]
const invalid: Array<[Env, (c: ReturnType<typeof resolve>['config']) => unknown, unknown, RegExp]> =
  [
    [
      { OTEL_TRACES_SAMPLER_ARG: '1.5', OTEL_TRACES_SAMPLER: 'traceidratio' },
      (c) => c.sampler,
      { name: 'traceidratio', arg: 1 },
      /OTEL_TRACES_SAMPLER_ARG="1.5" is above 1; using 1/,
    ],
    [
      { OTEL_TRACES_SAMPLER_ARG: '-0.1', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' },
      (c) => c.sampler,
      { name: 'parentbased_traceidratio', arg: 1 },
      /OTEL_TRACES_SAMPLER_ARG="-0.1" is below 0/,
    ],
    [
      { OTEL_TRACES_SAMPLER_ARG: 'half', OTEL_TRACES_SAMPLER: 'traceidratio' },
      (c) => c.sampler,
      { name: 'traceidratio', arg: 1 },
      /"half" is not a number/,
    ],
    [
      { OTEL_TRACES_SAMPLER: 'sometimes' },
      (c) => c.sampler,
      { name: 'parentbased_always_on', arg: 1 },
      /OTEL_TRACES_SAMPLER="sometimes" is not one of/,
    ],
    [
      { OTEL_TRACES_EXPORTER: 'zipkin' },
      (c) => c.exporter,
      'otlp',
      /OTEL_TRACES_EXPORTER="zipkin" names an unknown exporter \(zipkin;.*using "otlp"/,
    ],
    [
      { OTEL_TRACES_EXPORTER: 'zipkin,console' },
      (c) => c.exporter,
      'console',
      /unknown exporter \(zipkin/,
    ],
    [
      { OTEL_PROPAGATORS: 'tracecontext,w3c-magic' },
      (c) => c.propagators,
      ['tracecontext'],
      /OTEL_PROPAGATORS=.* names unknown entries \(w3c-magic;/,
    ],
    [
      { OTEL_PROPAGATORS: 'bogus' },
      (c) => c.propagators,
      ['tracecontext', 'baggage'],
      /using "tracecontext,baggage"/,
    ],
    [
      { OTEL_EXPORTER_OTLP_HEADERS: 'api-key' },
      (c) => c.headers,
      {},
      /OTEL_EXPORTER_OTLP_HEADERS="api-key" has a malformed entry/,
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'a=1,=2' }, (c) => c.headers, {}, /malformed entry "=2"/],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'a=%E0%A4%A' }, (c) => c.headers, {}, /malformed entry/],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      (c) => c.tracesUrl,
      'http://localhost:4318/v1/traces',
      /OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" is not an absolute http/,
    ],
    [
      {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ok:4318',
      },
      (c) => c.tracesUrl,
      'http://ok:4318/v1/traces',
      /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="not a url"/,
    ],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' },
      (c) => c.protocol,
      'http/protobuf',
      /OTEL_EXPORTER_OTLP_PROTOCOL="thrift" is not one of http\/protobuf, http\/json, grpc/,
    ],
    [
      { OTEL_EXPORTER_OTLP_TIMEOUT: '0' },
      (c) => c.timeoutMillis,
      10000,
      /OTEL_EXPORTER_OTLP_TIMEOUT="0" is below 1/,
    ],
    [
      { OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' },
      (c) => c.compression,
      'none',
      /COMPRESSION="brotli"/,
    ],
    [
      { OTEL_SDK_DISABLED: 'yes' },
      (c) => c.disabled,
      false,
      /OTEL_SDK_DISABLED="yes" is not true or false; using false/,
    ],
    [
      { OTEL_BSP_MAX_QUEUE_SIZE: '-5' },
      (c) => c.batch.maxQueueSize,
      4096,
      /OTEL_BSP_MAX_QUEUE_SIZE="-5" is below 1/,
    ],
    [
      { OTEL_BSP_SCHEDULE_DELAY: '1.5' },
      (c) => c.batch.scheduledDelayMillis,
      1000,
      /is not a whole number/,
    ],
    [
      { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '0' },
      (c) => c.batch.maxExportBatchSize,
      undefined,
      /OTEL_BSP_MAX_EXPORT_BATCH_SIZE="0" is below 1; using the default \(512, or 2048 for http\/protobuf\)/,
    ],
    [
      { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many' },
      (c) => c.spanLimits,
      {},
      /OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT="many" is not a number/,
    ],
    [{ OTEL_LOG_LEVEL: 'loud' }, (c) => c.logLevel, 'info', /OTEL_LOG_LEVEL="loud"/],
    [
      { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,expres' },
      (c) => c.instrumentations.enabled,
      ['http'],
      /names unknown entries \(expres;/,
    ],
    [
      { OTEL_NODE_RESOURCE_DETECTORS: 'env,azure' },
      (c) => c.resourceDetectors,
      ['env'],
      /OTEL_NODE_RESOURCE_DETECTORS=.*azure/,
    ],
    [
      { OTEL_RESOURCE_ATTRIBUTES: 'novalue' },
      (c) => c.resourceAttributes,
      {},
      /OTEL_RESOURCE_ATTRIBUTES="novalue" has a malformed entry/,
    ],
    [
      { OTELKIT_SHUTDOWN_TIMEOUT: 'soon' },
      (c) => c.shutdownTimeoutMillis,
      5000,
      /OTELKIT_SHUTDOWN_TIMEOUT="soon"/,
    ],
  ];

describe('resolveConfig: each bad env value gives one problem line and the documented fallback', () => {
  test.each(invalid)('%j', (env, pick, fallback, line) => {
    const { config, problems } = resolve(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
    expect(pick(config)).toEqual(fallback);
  });
});

describe('resolveConfig: code options win over env', () => {
  const env: Env = {
    OTEL_SERVICE_NAME: 'env-name',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER: 'always_off',
    OTEL_PROPAGATORS: 'b3',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http',
    OTEL_LOG_LEVEL: 'debug',
  };
  test.each<[string, StartOptions, (c: ReturnType<typeof resolve>['config']) => unknown, unknown]>([
    ['serviceName', { serviceName: 'code' }, (c) => c.serviceName, 'code'],
    ['endpoint', { endpoint: 'http://code:1' }, (c) => c.tracesUrl, 'http://code:1/v1/traces'],
    [
      'grpc endpoint, used as is',
      { protocol: 'grpc', endpoint: 'http://code:4317' },
      (c) => c.tracesUrl,
      'http://code:4317',
    ],
    [
      'tracesEndpoint',
      { tracesEndpoint: 'http://code:1/x' },
      (c) => c.tracesUrl,
      'http://code:1/x',
    ],
    ['protocol', { protocol: 'http/protobuf' }, (c) => c.protocol, 'http/protobuf'],
    [
      'sampler',
      { sampler: 'traceidratio', samplerArg: 0.5 },
      (c) => c.sampler,
      { name: 'traceidratio', arg: 0.5 },
    ],
    ['propagators', { propagators: ['tracecontext'] }, (c) => c.propagators, ['tracecontext']],
    ['batch', { batch: { scheduledDelayMillis: 42 } }, (c) => c.batch.scheduledDelayMillis, 42],
    [
      'instrumentations',
      { instrumentations: { disabled: [] } },
      (c) => c.instrumentations.enabled.includes('http'),
      true,
    ],
    [
      'per-instrumentation enabled flag',
      { instrumentations: { config: { fs: { enabled: true } } } },
      (c) => c.instrumentations.enabled.includes('fs'),
      true,
    ],
    ['logLevel', { logLevel: 'warn' }, (c) => c.logLevel, 'warn'],
  ])('%s', (_what, options, pick, expected) => {
    expect(pick(resolve(env, options).config)).toEqual(expected);
  });

  test('env still applies where code is silent', () => {
    const { config } = resolve(env, { serviceName: 'code' });
    expect(config.protocol).toBe('http/json');
    expect(config.instrumentations.enabled).not.toContain('http');
  });
});
