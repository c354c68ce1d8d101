import { resolveConfig } from '../../src/config/resolve-config';
import type { StartOptions } from '../../src/types';

type Env = Record<string, string>;
type Config = ReturnType<typeof resolve>['config'];
const resolve = (env: Env, options: StartOptions = {}) => resolveConfig(options, env, ['xcloud']);

describe('resolveConfig: defaults', () => {
  test('an empty env gives the documented defaults and no problems', () => {
    const { config, problems } = resolve({});
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      disabled: false,
      serviceName: undefined,
      exporter: 'otlp',
      sampler: { name: 'parentbased_always_on', arg: 1 },
      propagators: ['tracecontext', 'baggage'],
      spanLimits: {},
      logLevel: 'info',
      handleSignals: true,
      shutdownTimeoutMillis: 5000,
      resourceDetectors: undefined,
    });
    expect(config.exporterConfig.url).toBe('http://localhost:4318/v1/traces');
    expect(config.exporterConfig.headers).toEqual({});
    expect(config.instrumentations.enabled).toEqual(
      expect.arrayContaining(['http', 'express', 'pino', 'winston', 'prisma', 'undici']),
    );
    for (const off of ['fs', 'dns', 'net', 'host-metrics', 'runtime-node']) {
      expect(config.instrumentations.enabled).not.toContain(off);
    }
  });
});

// One row per env combination: [what, env, path into config, expected value]
const valid: Array<[string, Env, (c: Config) => unknown, unknown]> = [
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
  ['empty means unset', { OTEL_SDK_DISABLED: ' ' }, (c) => c.disabled, false],
  ['exporter console', { OTEL_TRACES_EXPORTER: 'console' }, (c) => c.exporter, 'console'],
  [
    'exporter console-upstream',
    { OTEL_TRACES_EXPORTER: 'console-upstream' },
    (c) => c.exporter,
    'console-upstream',
  ],
  ['exporter none', { OTEL_TRACES_EXPORTER: 'none' }, (c) => c.exporter, 'none'],
  [
    'the export settings come from @otelkit/export, which reads their variables',
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
    (c) => c.exporterConfig.url,
    'http://collector:4318/v1/traces',
  ],
  [
    'headers are resolved by @otelkit/export',
    { OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc' },
    (c) => c.exporterConfig.headers,
    { 'api-key': 'abc' },
  ],
  [
    'the processor settings come from @otelkit/export',
    { OTEL_BSP_MAX_QUEUE_SIZE: '100' },
    (c) => c.processorConfig.maxQueueSize,
    100,
  ],
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
  [
    'span limits per event and link',
    { OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '3', OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '4' },
    (c) => c.spanLimits,
    { attributePerEventCountLimit: 3, attributePerLinkCountLimit: 4 },
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
  ['shutdown timeout 0', { OTELKIT_SHUTDOWN_TIMEOUT: '0' }, (c) => c.shutdownTimeoutMillis, 0],
  ['start-up spans quiet by default', {}, (c) => c.exportStartupSpans, false],
  [
    'start-up spans exported',
    { OTELKIT_EXPORT_STARTUP_SPANS: 'TRUE' },
    (c) => c.exportStartupSpans,
    true,
  ],
  ['start-up window 30 s by default', {}, (c) => c.startupWindowMillis, 30_000],
  ['start-up window', { OTELKIT_STARTUP_WINDOW: '1000' }, (c) => c.startupWindowMillis, 1000],
  ['start-up window 0', { OTELKIT_STARTUP_WINDOW: '0' }, (c) => c.startupWindowMillis, 0],
  ['context-loss line every minute by default', {}, (c) => c.contextLossIntervalMillis, 60_000],
  [
    'context-loss interval',
    { OTELKIT_CONTEXT_LOSS_INTERVAL: '500' },
    (c) => c.contextLossIntervalMillis,
    500,
  ],
  [
    'context-loss line off',
    { OTELKIT_CONTEXT_LOSS_INTERVAL: '0' },
    (c) => c.contextLossIntervalMillis,
    0,
  ],
];

describe('resolveConfig: valid env values', () => {
  test.each(valid)('%s', (_what, env, pick, expected) => {
    const { config, problems } = resolve(env);
    expect(problems).toEqual([]);
    expect(pick(config)).toEqual(expected);
  });
});

// One row per bad value: [env, path into config, documented fallback, text the single problem line must contain]
const invalid: Array<[Env, (c: Config) => unknown, unknown, RegExp]> = [
  [
    { OTEL_TRACES_SAMPLER_ARG: '1.5', OTEL_TRACES_SAMPLER: 'traceidratio' },
    (c) => c.sampler,
    { name: 'traceidratio', arg: 1 },
    /^OTEL_TRACES_SAMPLER_ARG="1.5" is above the maximum 1; using 1$/,
  ],
  [
    { OTEL_TRACES_SAMPLER_ARG: '-0.1', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' },
    (c) => c.sampler,
    { name: 'parentbased_traceidratio', arg: 1 },
    /^OTEL_TRACES_SAMPLER_ARG="-0.1" is below the minimum 0; using 1$/,
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
    /^OTEL_TRACES_SAMPLER="sometimes" is not one of .*; using "parentbased_always_on"$/,
  ],
  [
    { OTEL_TRACES_EXPORTER: 'zipkin' },
    (c) => c.exporter,
    'otlp',
    /^OTEL_TRACES_EXPORTER="zipkin" names an unknown exporter \(zipkin;.*using "otlp"$/,
  ],
  [
    { OTEL_TRACES_EXPORTER: 'zipkin,console' },
    (c) => c.exporter,
    'console',
    /unknown exporter \(zipkin;.*using "console"$/,
  ],
  [
    { OTEL_TRACES_EXPORTER: 'console,none' },
    (c) => c.exporter,
    'console',
    /names more than one exporter/,
  ],
  [
    { OTEL_PROPAGATORS: 'tracecontext,w3c-magic' },
    (c) => c.propagators,
    ['tracecontext'],
    /^OTEL_PROPAGATORS=.* names unknown entries \(w3c-magic;.*using "tracecontext"$/,
  ],
  [
    { OTEL_PROPAGATORS: 'bogus' },
    (c) => c.propagators,
    ['tracecontext', 'baggage'],
    /using "tracecontext,baggage"$/,
  ],
  [
    { OTEL_SDK_DISABLED: 'yes' },
    (c) => c.disabled,
    false,
    /^OTEL_SDK_DISABLED="yes" is not true or false; using false$/,
  ],
  [
    { OTEL_SDK_DISABLED: '1' },
    (c) => c.disabled,
    false,
    /^OTEL_SDK_DISABLED="1" is not true or false/,
  ],
  [
    { OTELKIT_HANDLE_SIGNALS: 'off' },
    (c) => c.handleSignals,
    true,
    /^OTELKIT_HANDLE_SIGNALS="off" is not true or false; using true$/,
  ],
  [
    { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many' },
    (c) => c.spanLimits,
    {},
    /^OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT="many" is not a whole number/,
  ],
  [
    { OTEL_SPAN_EVENT_COUNT_LIMIT: '1e9' },
    (c) => c.spanLimits,
    { eventCountLimit: 65536 },
    /^OTEL_SPAN_EVENT_COUNT_LIMIT="1e9" is above the maximum 65536; using 65536$/,
  ],
  [{ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '-1' }, (c) => c.spanLimits, {}, /is below the minimum 0/],
  [{ OTEL_LOG_LEVEL: 'loud' }, (c) => c.logLevel, 'info', /^OTEL_LOG_LEVEL="loud" is not one of/],
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
    /^OTEL_NODE_RESOURCE_DETECTORS=.*azure/,
  ],
  [
    { OTEL_RESOURCE_ATTRIBUTES: 'novalue,team=pay' },
    (c) => c.resourceAttributes,
    { team: 'pay' },
    /^OTEL_RESOURCE_ATTRIBUTES=.* has 1 malformed entry/,
  ],
  [
    { OTELKIT_SHUTDOWN_TIMEOUT: 'soon' },
    (c) => c.shutdownTimeoutMillis,
    5000,
    /^OTELKIT_SHUTDOWN_TIMEOUT="soon" is not a whole number; using 5000$/,
  ],
  [
    { OTELKIT_SHUTDOWN_TIMEOUT: '1.5e308' },
    (c) => c.shutdownTimeoutMillis,
    600000,
    /^OTELKIT_SHUTDOWN_TIMEOUT="1.5e308" is above the maximum 600000; using 600000$/,
  ],
  [
    { OTELKIT_SHUTDOWN_TIMEOUT: '-1' },
    (c) => c.shutdownTimeoutMillis,
    5000,
    /is below the minimum 0; using 5000$/,
  ],
  [
    { OTELKIT_EXPORT_STARTUP_SPANS: '1' },
    (c) => c.exportStartupSpans,
    false,
    /^OTELKIT_EXPORT_STARTUP_SPANS="1" is not true or false/,
  ],
  [
    { OTELKIT_STARTUP_WINDOW: '1e9' },
    (c) => c.startupWindowMillis,
    600000,
    /^OTELKIT_STARTUP_WINDOW="1e9" is above the maximum 600000; using 600000$/,
  ],
  [
    { OTELKIT_STARTUP_WINDOW: '-5' },
    (c) => c.startupWindowMillis,
    30000,
    /^OTELKIT_STARTUP_WINDOW="-5" is below the minimum 0; using 30000$/,
  ],
  [
    { OTELKIT_CONTEXT_LOSS_INTERVAL: '1.5e308' },
    (c) => c.contextLossIntervalMillis,
    600000,
    /^OTELKIT_CONTEXT_LOSS_INTERVAL="1.5e308" is above the maximum 600000; using 600000$/,
  ],
  [
    { OTELKIT_CONTEXT_LOSS_INTERVAL: '-1' },
    (c) => c.contextLossIntervalMillis,
    60000,
    /^OTELKIT_CONTEXT_LOSS_INTERVAL="-1" is below the minimum 0; using 60000$/,
  ],
];

describe('resolveConfig: each bad env value gives one problem line and the documented fallback', () => {
  test.each(invalid)('%j', (env, pick, fallback, line) => {
    const { config, problems } = resolve(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
    expect(pick(config)).toEqual(fallback);
  });

  test('two bad variables give two lines: no problem hides another', () => {
    const { problems } = resolve({
      OTELKIT_SHUTDOWN_TIMEOUT: 'soon',
      OTEL_SPAN_LINK_COUNT_LIMIT: 'x',
      OTEL_BSP_MAX_QUEUE_SIZE: 'many',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/OTELKIT_SHUTDOWN_TIMEOUT/);
    expect(problems.join('\n')).toMatch(/OTEL_SPAN_LINK_COUNT_LIMIT/);
    expect(problems.join('\n')).toMatch(/OTEL_BSP_MAX_QUEUE_SIZE/);
  });
});

// The variables @otelkit/node reads itself, each through the values an operator (or an attacker) may set.
const owned = [
  'OTEL_SDK_DISABLED',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_NODE_RESOURCE_DETECTORS',
  'OTEL_TRACES_EXPORTER',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_PROPAGATORS',
  'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_SPAN_EVENT_COUNT_LIMIT',
  'OTEL_SPAN_LINK_COUNT_LIMIT',
  'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
  'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
  'OTEL_LOG_LEVEL',
  'OTELKIT_HANDLE_SIGNALS',
  'OTELKIT_SHUTDOWN_TIMEOUT',
];
const hostile: Array<[string, string]> = [
  ['empty', ''],
  ['garbage', 'garbage'],
  ['negative', '-5'],
  ['huge', '1.5e308'],
  ['large', '50000000'],
  ['100 KB', 'x'.repeat(100_000)],
];

describe.each(owned)('%s through hostile values', (name) => {
  test.each(hostile)('%s: at most one short line, naming the variable', (_what, value) => {
    const { config, problems } = resolve({
      [name]: value,
      OTEL_TRACES_SAMPLER: name === 'OTEL_TRACES_SAMPLER' ? value : 'traceidratio',
    });
    const mine = problems.filter((line) => line.startsWith(`${name}=`));
    expect(problems).toHaveLength(mine.length);
    expect(mine.length).toBeLessThanOrEqual(1);
    for (const line of problems) expect(line.length).toBeLessThanOrEqual(1000);
    expect(config.shutdownTimeoutMillis).toBeLessThanOrEqual(600_000);
    for (const limit of Object.values(config.spanLimits))
      expect(limit).toBeLessThanOrEqual(1_048_576);
  });
});

describe('resolveConfig: code options win over env', () => {
  const env: Env = {
    OTEL_SERVICE_NAME: 'env-name',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
    OTEL_TRACES_SAMPLER: 'always_off',
    OTEL_PROPAGATORS: 'b3',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http',
    OTEL_LOG_LEVEL: 'debug',
    OTELKIT_SHUTDOWN_TIMEOUT: '100',
    OTELKIT_EXPORTER_PROXY: 'http://env-proxy:3128',
  };
  test.each<[string, StartOptions, (c: Config) => unknown, unknown]>([
    ['proxy off', { proxy: 'off' }, (c) => c.exporterConfig.proxy, undefined],
    [
      'proxy',
      { proxy: 'http://code-proxy:3128' },
      (c) => c.exporterConfig.proxy,
      { url: 'http://code-proxy:3128/', from: 'option proxy' },
    ],
    ['serviceName', { serviceName: 'code' }, (c) => c.serviceName, 'code'],
    [
      'endpoint',
      { endpoint: 'http://code:1' },
      (c) => c.exporterConfig.url,
      'http://code:1/v1/traces',
    ],
    [
      'tracesEndpoint',
      { tracesEndpoint: 'http://code:1/x' },
      (c) => c.exporterConfig.url,
      'http://code:1/x',
    ],
    [
      'headers',
      { headers: { 'api-key': 'code' } },
      (c) => c.exporterConfig.headers,
      { 'api-key': 'code' },
    ],
    [
      'sampler',
      { sampler: 'traceidratio', samplerArg: 0.5 },
      (c) => c.sampler,
      { name: 'traceidratio', arg: 0.5 },
    ],
    ['propagators', { propagators: ['tracecontext'] }, (c) => c.propagators, ['tracecontext']],
    [
      'batch',
      { batch: { scheduledDelayMillis: 42 } },
      (c) => c.processorConfig.scheduledDelayMillis,
      42,
    ],
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
    ['shutdownTimeoutMillis', { shutdownTimeoutMillis: 0 }, (c) => c.shutdownTimeoutMillis, 0],
    ['disabled false over nothing', { disabled: false }, (c) => c.disabled, false],
  ])('%s', (_what, options, pick, expected) => {
    expect(pick(resolve(env, options).config)).toEqual(expected);
  });

  test('env still applies where code is silent', () => {
    const { config } = resolve(env, { serviceName: 'code' });
    expect(config.sampler).toEqual({ name: 'always_off', arg: 1 });
    expect(config.instrumentations.enabled).not.toContain('http');
  });
});
