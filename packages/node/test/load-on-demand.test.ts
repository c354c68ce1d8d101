import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// What start-up loads, by configuration: each row starts a fresh process (a fresh module cache) that resolves the
// configuration from `env` and builds the plugins, resource, propagator and exporter as start-sdk does, then lists
// its module cache. A building block the configuration does not select must not be in it.
const support = path.join(__dirname, 'support');

async function loadedFiles(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--require', path.join(support, 'require-sources.js'), path.join(support, 'start-pieces.js')],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );
  return JSON.parse(stdout) as string[];
}

const GCP = '@opentelemetry/resource-detector-gcp/';
const AWS = '@opentelemetry/resource-detector-aws/';
// otelkit reads container.id itself: the upstream container detector package is never loaded.
const CONTAINER = '@otelkit/node/src/sdk/container-detector.ts';
const UPSTREAM_CONTAINER = '@opentelemetry/resource-detector-container/';
const B3 = '@opentelemetry/propagator-b3/';
const JAEGER = '@opentelemetry/propagator-jaeger/';
const XRAY = '@opentelemetry/propagator-aws-xray/';
const GRPC = '@grpc/grpc-js/';
const GRPC_EXPORTER = '@opentelemetry/exporter-trace-otlp-grpc/';
const SAMPLERS_BUILT = '@otelkit/samplers/src/presets/create-sampling.ts';
const SAMPLERS_INDEX = '@otelkit/samplers/src/index.ts';
const PROPAGATORS_INDEX = '@otelkit/propagators/src/index.ts';
const MESSAGING = '@otelkit/propagators/src/messaging/';
const STRICT_W3C = '@otelkit/propagators/src/w3c/strict-trace-context-propagator.ts';
const STRICT_BAGGAGE = '@otelkit/propagators/src/w3c/strict-baggage-propagator.ts';
// The option tables of alias and forward: the default strict W3C propagator reads its one setting without them.
const PROPAGATOR_OPTION_TABLES = '@otelkit/propagators/src/config/resolve-options.ts';
const FORWARDED_PROCESSOR = '@otelkit/propagators/src/custom/forwarded-headers-span-processor.ts';
const MASKING = '@otelkit/masking/src/processor.ts';
// Parts of @otelkit/masking that the built-in detectors do not need: loaded when a rule needs them.
const RULES_FILE = '@otelkit/masking/src/config/load-rules-source.ts';
const RULE_COMPILERS = [
  '@otelkit/masking/src/compile-transform.ts',
  '@otelkit/masking/src/compile-condition.ts',
  '@otelkit/masking/src/replacement-template.ts',
];
const RULES = JSON.stringify([
  { transform: 'replace_pattern', key: 'v', pattern: 'id=', replacement: 'ID=' },
  { keys: 'v', action: 'replace', replacement: '$&', where: { name: 'x' } },
]);
// The export pieces a plain http:// endpoint with http/protobuf never uses (node loads `@otelkit/export/distro`).
const EXPORT_INDEX = '@otelkit/export/src/index.ts';
const PROTOBUF_ENCODER = '@otelkit/export/src/proto/protobuf-encoder.ts';
const JSON_ENCODER = '@otelkit/export/src/json/';
const TLS_READER = '@otelkit/export/src/http/tls-material.ts';
const PROXY_AGENT = '@otelkit/export/src/http/proxy/agent-for.ts';
const EXPORT_ON_USE = [
  '@otelkit/export/src/retrying-exporter.ts',
  '@otelkit/export/src/http/load-tls-material.ts',
  '@otelkit/export/src/http/exit-post.ts',
  '@otelkit/export/src/http/partial-success.ts',
  '@otelkit/export/src/http/sleep.ts',
  '@otelkit/export/src/report/stuck-cause.ts',
  '@otelkit/core/src/waterfall-paint.ts',
];
// The container detector reads /proc, so by default it is loaded on Linux only.
const LINUX_CONTAINER = process.platform === 'linux' ? [CONTAINER] : [];

const everyOptional = [
  UPSTREAM_CONTAINER,
  GCP,
  AWS,
  B3,
  JAEGER,
  XRAY,
  GRPC,
  GRPC_EXPORTER,
  SAMPLERS_BUILT,
  FORWARDED_PROCESSOR,
];
const without = (...kept: string[]) => everyOptional.filter((prefix) => !kept.includes(prefix));

// [what, env, loaded, not loaded] — a prefix of a module-cache entry
describe('start-up loads only the building blocks the configuration selects', () => {
  test.concurrent.each<[string, Record<string, string>, string[], string[]]>([
    [
      "defaults: masking and W3C only (otelkit's strict W3C propagators)",
      {},
      [MASKING, STRICT_W3C, STRICT_BAGGAGE, ...LINUX_CONTAINER],
      [...everyOptional, SAMPLERS_INDEX, PROPAGATORS_INDEX, MESSAGING, PROPAGATOR_OPTION_TABLES],
    ],
    ['defaults: no rules file reader or rule compilers', {}, [], [RULES_FILE, ...RULE_COMPILERS]],
    [
      "defaults: the protobuf exporter, not export's main entry, JSON, TLS, proxy or what only an export needs",
      {},
      [PROTOBUF_ENCODER],
      [EXPORT_INDEX, JSON_ENCODER, TLS_READER, PROXY_AGENT, ...EXPORT_ON_USE],
    ],
    [
      'http/json: the JSON encoder',
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      [JSON_ENCODER],
      [EXPORT_INDEX, TLS_READER, PROXY_AGENT],
    ],
    [
      'a CA file for an https endpoint: the TLS reader',
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.invalid:4318',
        OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem',
      },
      [TLS_READER],
      [EXPORT_INDEX, JSON_ENCODER, PROXY_AGENT],
    ],
    [
      'a proxy: the proxy agent',
      { OTELKIT_EXPORTER_PROXY: 'http://proxy.invalid:3128' },
      [PROXY_AGENT],
      [EXPORT_INDEX, JSON_ENCODER, TLS_READER],
    ],
    [
      'masking rules with a transform, a condition and a template: their compilers',
      { OTELKIT_MASKING_RULES: RULES },
      [RULES_FILE, ...RULE_COMPILERS],
      [],
    ],
    ['Cloud Run: the gcp detector', { K_SERVICE: 'checkout' }, [GCP], without(GCP)],
    [
      'Lambda: the aws detectors',
      { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
      [AWS],
      without(AWS),
    ],
    [
      'ECS: the aws detectors',
      { ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x' },
      [AWS],
      without(AWS),
    ],
    [
      'detectors named: only those',
      { OTEL_NODE_RESOURCE_DETECTORS: 'aws-ec2' },
      [AWS],
      [GCP, CONTAINER],
    ],
    ['gcp named off-cloud', { OTEL_NODE_RESOURCE_DETECTORS: 'gcp' }, [GCP], [AWS, CONTAINER]],
    ['no detectors', { OTEL_NODE_RESOURCE_DETECTORS: 'none' }, [], [GCP, AWS, CONTAINER]],
    ['b3', { OTEL_PROPAGATORS: 'b3' }, [B3], without(B3)],
    ['b3multi', { OTEL_PROPAGATORS: 'tracecontext,b3multi' }, [B3], without(B3)],
    ['jaeger', { OTEL_PROPAGATORS: 'jaeger' }, [JAEGER], without(JAEGER)],
    ['xray', { OTEL_PROPAGATORS: 'xray' }, [XRAY], without(XRAY)],
    [
      'an otelkit propagator: that one, not the messaging helpers',
      { OTEL_PROPAGATORS: 'tracecontext-strict' },
      [STRICT_W3C],
      [...everyOptional, PROPAGATORS_INDEX, MESSAGING],
    ],
    [
      'gRPC export',
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      [GRPC, GRPC_EXPORTER],
      without(GRPC, GRPC_EXPORTER),
    ],
    [
      'an otelkit sampler preset',
      { OTELKIT_SAMPLER: 'balanced' },
      [SAMPLERS_BUILT],
      without(SAMPLERS_BUILT),
    ],
    [
      'forwarded headers as attributes',
      { OTELKIT_FORWARD_HEADERS_ATTRIBUTES: 'true' },
      [FORWARDED_PROCESSOR],
      without(FORWARDED_PROCESSOR),
    ],
  ])(
    '%s',
    async (_what, env, loaded, notLoaded) => {
      const files = await loadedFiles(env);
      const has = (prefix: string) => files.some((file) => file.startsWith(prefix));
      expect(loaded.filter((prefix) => !has(prefix))).toEqual([]);
      expect(notLoaded.filter(has)).toEqual([]);
    },
    60_000,
  );
});
