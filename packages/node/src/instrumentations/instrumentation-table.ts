import type { ShortName } from '../config/known-names';

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
}

// Checked against the packages by test/instrumentation-table.test.ts, which constructs every instrumentation and
// compares its getModuleDefinitions() with `modules`: an upgrade that adds a module fails that test, not a user.
const autoTable: Record<ShortName, InstrumentationSpec> = {
  amqplib: { exportName: 'AmqplibInstrumentation', modules: ['amqplib'] },
  'aws-lambda': { exportName: 'AwsLambdaInstrumentation', modules: [], eager: 'in-lambda' },
  'aws-sdk': {
    exportName: 'AwsInstrumentation',
    modules: [
      '@aws-sdk/middleware-stack',
      '@smithy/middleware-stack',
      '@smithy/core',
      '@aws-sdk/smithy-client',
      '@smithy/smithy-client',
    ],
  },
  bunyan: { exportName: 'BunyanInstrumentation', modules: ['bunyan'] },
  'cassandra-driver': {
    exportName: 'CassandraDriverInstrumentation',
    modules: ['cassandra-driver'],
  },
  connect: { exportName: 'ConnectInstrumentation', modules: ['connect'] },
  cucumber: { exportName: 'CucumberInstrumentation', modules: ['@cucumber/cucumber'] },
  dataloader: { exportName: 'DataloaderInstrumentation', modules: ['dataloader'] },
  dns: { exportName: 'DnsInstrumentation', modules: ['dns', 'dns/promises'] },
  express: { exportName: 'ExpressInstrumentation', modules: ['express'] },
  fs: { exportName: 'FsInstrumentation', modules: ['fs', 'fs/promises'] },
  'generic-pool': { exportName: 'GenericPoolInstrumentation', modules: ['generic-pool'] },
  graphql: { exportName: 'GraphQLInstrumentation', modules: ['graphql'] },
  grpc: { exportName: 'GrpcInstrumentation', modules: ['@grpc/grpc-js'] },
  hapi: { exportName: 'HapiInstrumentation', modules: ['@hapi/hapi'] },
  'host-metrics': { exportName: 'HostMetricsInstrumentation', modules: [], eager: 'always' },
  http: { exportName: 'HttpInstrumentation', modules: ['https', 'http'] },
  ioredis: { exportName: 'IORedisInstrumentation', modules: ['ioredis'] },
  kafkajs: { exportName: 'KafkaJsInstrumentation', modules: ['kafkajs'] },
  knex: { exportName: 'KnexInstrumentation', modules: ['knex'] },
  koa: { exportName: 'KoaInstrumentation', modules: ['koa'] },
  'lru-memoizer': { exportName: 'LruMemoizerInstrumentation', modules: ['lru-memoizer'] },
  memcached: { exportName: 'MemcachedInstrumentation', modules: ['memcached'] },
  mongodb: { exportName: 'MongoDBInstrumentation', modules: ['mongodb'] },
  mongoose: { exportName: 'MongooseInstrumentation', modules: ['mongoose'] },
  mysql2: { exportName: 'MySQL2Instrumentation', modules: ['mysql2'] },
  mysql: { exportName: 'MySQLInstrumentation', modules: ['mysql'] },
  'nestjs-core': { exportName: 'NestInstrumentation', modules: ['@nestjs/core'] },
  net: { exportName: 'NetInstrumentation', modules: ['net'] },
  openai: { exportName: 'OpenAIInstrumentation', modules: ['openai'] },
  oracledb: { exportName: 'OracleInstrumentation', modules: ['oracledb'] },
  pg: { exportName: 'PgInstrumentation', modules: ['pg', 'pg-pool'] },
  pino: { exportName: 'PinoInstrumentation', modules: ['pino'] },
  redis: {
    exportName: 'RedisInstrumentation',
    modules: ['redis', '@redis/client', '@node-redis/client'],
  },
  restify: { exportName: 'RestifyInstrumentation', modules: ['restify'] },
  router: { exportName: 'RouterInstrumentation', modules: ['router'] },
  'runtime-node': { exportName: 'RuntimeNodeInstrumentation', modules: [], eager: 'always' },
  'socket.io': { exportName: 'SocketIoInstrumentation', modules: ['socket.io'] },
  tedious: { exportName: 'TediousInstrumentation', modules: ['tedious'] },
  undici: { exportName: 'UndiciInstrumentation', modules: [], eager: 'always' },
  winston: { exportName: 'WinstonInstrumentation', modules: ['winston'] },
};

/** Every instrumentation otelkit can load, by short name. */
export const instrumentationTable: Readonly<Record<string, InstrumentationSpec>> = {
  ...autoTable,
  // A generated Prisma client with a custom `output` carries its own runtime and requires nothing named Prisma; the
  // instrumentation only sets a global that Prisma reads per query, and costs one module.
  prisma: { exportName: 'PrismaInstrumentation', modules: ['@prisma/client'], eager: 'always' },
};

/** The package an instrumentation ships in. */
export function instrumentationPackage(name: string): string {
  return name === 'prisma' ? '@prisma/instrumentation' : `@opentelemetry/instrumentation-${name}`;
}
