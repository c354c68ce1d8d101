import type { AutoInstrumentationConfigMap as InstrumentationConfigMap } from '../types';

type AutoName<K> = K extends `@opentelemetry/instrumentation-${infer Short}` ? Short : never;
export type ShortName = AutoName<keyof InstrumentationConfigMap>;

// A Record over the config map's key type: the build fails when a package is added to or removed from it, instead
// of the list drifting silently; instrumentation-packages.test.ts compares the map with auto-instrumentations-node's.
const autoInstrumentations: Record<ShortName, 'on' | 'off'> = {
  amqplib: 'on',
  'aws-lambda': 'on',
  'aws-sdk': 'on',
  bunyan: 'on',
  'cassandra-driver': 'on',
  connect: 'on',
  cucumber: 'on',
  dataloader: 'on',
  dns: 'off',
  express: 'on',
  fs: 'off',
  'generic-pool': 'on',
  graphql: 'on',
  grpc: 'on',
  hapi: 'on',
  'host-metrics': 'off',
  http: 'on',
  ioredis: 'on',
  kafkajs: 'on',
  knex: 'on',
  koa: 'on',
  'lru-memoizer': 'on',
  memcached: 'on',
  mongodb: 'on',
  mongoose: 'on',
  mysql2: 'on',
  mysql: 'on',
  'nestjs-core': 'on',
  net: 'off',
  openai: 'on',
  oracledb: 'on',
  pg: 'on',
  pino: 'on',
  redis: 'on',
  restify: 'on',
  router: 'on',
  'runtime-node': 'off',
  'socket.io': 'on',
  tedious: 'on',
  undici: 'on',
  winston: 'on',
};

/** Short names of the upstream instrumentations (the packages auto-instrumentations-node carries). */
export const autoInstrumentationNames = Object.keys(autoInstrumentations) as ShortName[];

/** Instrumentations otelkit adds itself. */
export const extraInstrumentationNames = [
  'prisma',
  'google-genai',
  'fastify',
  'postgres-js',
  'express-upstream',
] as const;

export const allInstrumentationNames: readonly string[] = [
  ...autoInstrumentationNames,
  ...extraInstrumentationNames,
];

/** On unless a user turns them on: file-system and socket-level spans are noise and cost for most services. */
export const defaultInstrumentationNames: readonly string[] = allInstrumentationNames.filter(
  (name) =>
    (autoInstrumentations as Record<string, string>)[name] !== 'off' && name !== 'express-upstream',
);

/** `tracecontext` and `baggage` are otelkit's strict W3C propagators; the `-upstream` names are upstream's. */
export const builtInPropagatorNames = [
  'tracecontext',
  'baggage',
  'tracecontext-upstream',
  'baggage-upstream',
  'b3',
  'b3multi',
  'jaeger',
  'xray',
  'none',
] as const;

export const samplerNames = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export const exporterNames = ['otlp', 'console', 'console-upstream', 'none'] as const;
export const protocolNames = ['http/protobuf', 'http/json', 'grpc'] as const;
export const compressionNames = ['gzip', 'none'] as const;
export const logLevelNames = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;

export const resourceDetectorNames = [
  'env',
  'host',
  'os',
  'process',
  'serviceinstance',
  'container',
  'gcp',
  'aws',
  'aws-ec2',
  'aws-eks',
  'all',
  'none',
] as const;

/**
 * Detectors that need no network: the cloud ones that probe metadata servers (gcp, aws-ec2, aws-eks) only run when the
 * environment says we are on that cloud, or when asked for by name — a probe costs seconds at start-up elsewhere.
 */
export const defaultResourceDetectorNames = [
  'env',
  'host',
  'os',
  'process',
  'container',
  'gcp',
  'aws',
];
