import type { ShortName } from '../config/known-names';
import { installLeanIncomingAttributes } from './http/install-lean-attributes';
import { installLeanIncomingRequest } from './http/install-lean-incoming-request';

type Exports = Record<string, unknown>;

/** What otelkit needs to know about an instrumentation without loading its package. */
export interface InstrumentationSpec {
  /** The package's export that is the instrumentation class. */
  readonly exportName: string;
  /**
   * The module names its `init()` declares (builtins, packages, or sub-paths such as `fs/promises`): the first load
   * of any of them loads the instrumentation, and the ESM hook is told to wrap them.
   */
  readonly modules: readonly string[];
  /**
   * `always`: made at start, as there is no load to wait for (undici follows `fetch` through diagnostics channels, the
   * metric ones hook nothing, Prisma's generated clients need not load `@prisma/client`). `in-lambda`: made at start inside AWS Lambda, where its module is the handler file.
   */
  readonly eager?: 'always' | 'in-lambda';
  /**
   * The package that ships it, when not `@opentelemetry/instrumentation-<name>`: a dependency of @otelkit/node, or
   * @otelkit/node itself for otelkit's own.
   */
  readonly packageName?: string;
  /**
   * Loads that package's exports. A static require of a dependency of @otelkit/node, so a bundler (Next.js's webpack
   * or Turbopack) sees and bundles it; called only when the instrumentation is made.
   */
  readonly load: () => Exports;
  /**
   * It patches none of `modules` (its init() declares none): it listens on a diagnostics channel the library
   * publishes, and `modules` only say when to make it, before the library can publish.
   */
  readonly listensOnChannel?: boolean;
}

// Checked against the packages by test/instrumentation-table.test.ts, which constructs every instrumentation and
// compares its getModuleDefinitions() with `modules`: an upgrade that adds a module fails that test, not a user.
const autoTable: Record<ShortName, InstrumentationSpec> = {
  amqplib: {
    exportName: 'AmqplibInstrumentation',
    load: () => require('@opentelemetry/instrumentation-amqplib') as Exports,
    modules: ['amqplib'],
  },
  'aws-lambda': {
    exportName: 'AwsLambdaInstrumentation',
    load: () => require('@opentelemetry/instrumentation-aws-lambda') as Exports,
    modules: [],
    eager: 'in-lambda',
  },
  'aws-sdk': {
    exportName: 'AwsInstrumentation',
    load: () => require('@opentelemetry/instrumentation-aws-sdk') as Exports,
    modules: [
      '@aws-sdk/middleware-stack',
      '@smithy/middleware-stack',
      '@smithy/core',
      '@aws-sdk/smithy-client',
      '@smithy/smithy-client',
    ],
  },
  bunyan: {
    exportName: 'BunyanInstrumentation',
    load: () => require('@opentelemetry/instrumentation-bunyan') as Exports,
    modules: ['bunyan'],
  },
  'cassandra-driver': {
    exportName: 'CassandraDriverInstrumentation',
    load: () => require('@opentelemetry/instrumentation-cassandra-driver') as Exports,
    modules: ['cassandra-driver'],
  },
  connect: {
    exportName: 'ConnectInstrumentation',
    load: () => require('@opentelemetry/instrumentation-connect') as Exports,
    modules: ['connect'],
  },
  cucumber: {
    exportName: 'CucumberInstrumentation',
    load: () => require('@opentelemetry/instrumentation-cucumber') as Exports,
    modules: ['@cucumber/cucumber'],
  },
  dataloader: {
    exportName: 'DataloaderInstrumentation',
    load: () => require('@opentelemetry/instrumentation-dataloader') as Exports,
    modules: ['dataloader'],
  },
  dns: {
    exportName: 'DnsInstrumentation',
    load: () => require('@opentelemetry/instrumentation-dns') as Exports,
    modules: ['dns', 'dns/promises'],
  },
  // otelkit's own (express/): upstream's spans for less CPU per request; upstream's is `express-upstream`.
  express: {
    exportName: 'ExpressInstrumentation',
    modules: ['express'],
    packageName: '@otelkit/node',
    load: () => require('./express') as Record<string, unknown>,
  },
  fs: {
    exportName: 'FsInstrumentation',
    load: () => require('@opentelemetry/instrumentation-fs') as Exports,
    modules: ['fs', 'fs/promises'],
  },
  'generic-pool': {
    exportName: 'GenericPoolInstrumentation',
    load: () => require('@opentelemetry/instrumentation-generic-pool') as Exports,
    modules: ['generic-pool'],
  },
  graphql: {
    exportName: 'GraphQLInstrumentation',
    load: () => require('@opentelemetry/instrumentation-graphql') as Exports,
    modules: ['graphql'],
  },
  grpc: {
    exportName: 'GrpcInstrumentation',
    load: () => require('@opentelemetry/instrumentation-grpc') as Exports,
    modules: ['@grpc/grpc-js'],
  },
  hapi: {
    exportName: 'HapiInstrumentation',
    load: () => require('@opentelemetry/instrumentation-hapi') as Exports,
    modules: ['@hapi/hapi'],
  },
  'host-metrics': {
    exportName: 'HostMetricsInstrumentation',
    load: () => require('@opentelemetry/instrumentation-host-metrics') as Exports,
    modules: [],
    eager: 'always',
  },
  http: {
    exportName: 'HttpInstrumentation',
    load: () => {
      const exports = require('@opentelemetry/instrumentation-http') as Exports;
      installLeanIncomingAttributes();
      installLeanIncomingRequest(exports.HttpInstrumentation);
      return exports;
    },
    modules: ['https', 'http'],
  },
  ioredis: {
    exportName: 'IORedisInstrumentation',
    load: () => require('@opentelemetry/instrumentation-ioredis') as Exports,
    modules: ['ioredis'],
  },
  kafkajs: {
    exportName: 'KafkaJsInstrumentation',
    load: () => require('@opentelemetry/instrumentation-kafkajs') as Exports,
    modules: ['kafkajs'],
  },
  knex: {
    exportName: 'KnexInstrumentation',
    load: () => require('@opentelemetry/instrumentation-knex') as Exports,
    modules: ['knex'],
  },
  koa: {
    exportName: 'KoaInstrumentation',
    load: () => require('@opentelemetry/instrumentation-koa') as Exports,
    modules: ['koa'],
  },
  'lru-memoizer': {
    exportName: 'LruMemoizerInstrumentation',
    load: () => require('@opentelemetry/instrumentation-lru-memoizer') as Exports,
    modules: ['lru-memoizer'],
  },
  memcached: {
    exportName: 'MemcachedInstrumentation',
    load: () => require('@opentelemetry/instrumentation-memcached') as Exports,
    modules: ['memcached'],
  },
  mongodb: {
    exportName: 'MongoDBInstrumentation',
    load: () => require('@opentelemetry/instrumentation-mongodb') as Exports,
    modules: ['mongodb'],
  },
  mongoose: {
    exportName: 'MongooseInstrumentation',
    load: () => require('@opentelemetry/instrumentation-mongoose') as Exports,
    modules: ['mongoose'],
  },
  mysql2: {
    exportName: 'MySQL2Instrumentation',
    load: () => require('@opentelemetry/instrumentation-mysql2') as Exports,
    modules: ['mysql2'],
  },
  mysql: {
    exportName: 'MySQLInstrumentation',
    load: () => require('@opentelemetry/instrumentation-mysql') as Exports,
    modules: ['mysql'],
  },
  'nestjs-core': {
    exportName: 'NestInstrumentation',
    load: () => require('@opentelemetry/instrumentation-nestjs-core') as Exports,
    modules: ['@nestjs/core'],
  },
  net: {
    exportName: 'NetInstrumentation',
    load: () => require('@opentelemetry/instrumentation-net') as Exports,
    modules: ['net'],
  },
  openai: {
    exportName: 'OpenAIInstrumentation',
    load: () => require('@opentelemetry/instrumentation-openai') as Exports,
    modules: ['openai'],
  },
  oracledb: {
    exportName: 'OracleInstrumentation',
    load: () => require('@opentelemetry/instrumentation-oracledb') as Exports,
    modules: ['oracledb'],
  },
  pg: {
    exportName: 'PgInstrumentation',
    load: () => require('@opentelemetry/instrumentation-pg') as Exports,
    modules: ['pg', 'pg-pool'],
  },
  pino: {
    exportName: 'PinoInstrumentation',
    load: () => require('@opentelemetry/instrumentation-pino') as Exports,
    modules: ['pino'],
  },
  redis: {
    exportName: 'RedisInstrumentation',
    load: () => require('@opentelemetry/instrumentation-redis') as Exports,
    modules: ['redis', '@redis/client', '@node-redis/client'],
  },
  restify: {
    exportName: 'RestifyInstrumentation',
    load: () => require('@opentelemetry/instrumentation-restify') as Exports,
    modules: ['restify'],
  },
  router: {
    exportName: 'RouterInstrumentation',
    load: () => require('@opentelemetry/instrumentation-router') as Exports,
    modules: ['router'],
  },
  'runtime-node': {
    exportName: 'RuntimeNodeInstrumentation',
    load: () => require('@opentelemetry/instrumentation-runtime-node') as Exports,
    modules: [],
    eager: 'always',
  },
  'socket.io': {
    exportName: 'SocketIoInstrumentation',
    load: () => require('@opentelemetry/instrumentation-socket.io') as Exports,
    modules: ['socket.io'],
  },
  tedious: {
    exportName: 'TediousInstrumentation',
    load: () => require('@opentelemetry/instrumentation-tedious') as Exports,
    modules: ['tedious'],
  },
  undici: {
    exportName: 'UndiciInstrumentation',
    load: () => require('@opentelemetry/instrumentation-undici') as Exports,
    modules: [],
    eager: 'always',
  },
  winston: {
    exportName: 'WinstonInstrumentation',
    load: () => require('@opentelemetry/instrumentation-winston') as Exports,
    modules: ['winston'],
  },
};

/** Every instrumentation otelkit can load, by short name. */
export const instrumentationTable: Readonly<Record<string, InstrumentationSpec>> = {
  ...autoTable,
  // A generated Prisma client with a custom `output` carries its own runtime and requires nothing named Prisma; the
  // instrumentation only sets a global that Prisma reads per query, and costs one module.
  prisma: {
    exportName: 'PrismaInstrumentation',
    modules: ['@prisma/client'],
    eager: 'always',
    packageName: '@prisma/instrumentation',
    load: () => require('@prisma/instrumentation') as Record<string, unknown>,
  },
  // Fastify's own instrumentation (upstream's was deprecated for it). It subscribes to `fastify.initialization` and
  // adds its plugin to every instance made after that (fastify-defaults.ts): made on the first load of fastify, before
  // the app can make an instance.
  fastify: {
    exportName: 'FastifyOtelInstrumentation',
    modules: ['fastify'],
    packageName: '@fastify/otel',
    load: () => require('@fastify/otel') as Record<string, unknown>,
    listensOnChannel: true,
  },
  // otelkit's own: postgres.js 4 publishes every query on the `postgres:query` tracing channel (postgres-js/). Made at
  // start: subscribing costs nothing until postgres.js publishes, and the library is ESM-only, so a CommonJS app's
  // import() of it passes no require hook (and under --require no loader hook).
  'postgres-js': {
    exportName: 'PostgresJsInstrumentation',
    modules: [],
    eager: 'always',
    packageName: '@otelkit/node',
    load: () => require('./postgres-js/instrumentation') as Record<string, unknown>,
    listensOnChannel: true,
  },
  // Upstream's express instrumentation, off by default, for comparing with otelkit's `express` (never both).
  'express-upstream': {
    exportName: 'ExpressInstrumentation',
    modules: ['express'],
    packageName: '@opentelemetry/instrumentation-express',
    load: () => require('@opentelemetry/instrumentation-express') as Exports,
  },
  // otelkit's own (google-genai/): no maintained package on the 0.223 instrumentation train.
  'google-genai': {
    exportName: 'GoogleGenAIInstrumentation',
    modules: ['@google/genai'],
    packageName: '@otelkit/node',
    load: () => require('./google-genai') as Record<string, unknown>,
  },
};

/** The package an instrumentation ships in. */
export function instrumentationPackage(name: string): string {
  return instrumentationTable[name]?.packageName ?? `@opentelemetry/instrumentation-${name}`;
}
