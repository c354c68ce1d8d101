/** What kind of library an untraced one is, for the docs and the line. */
export type UntracedKind = 'database' | 'http-framework' | 'queue' | 'genai';

/**
 * Libraries commonly traced in other stacks that otelkit has no instrumentation for: loading one prints one line
 * naming it (docs/frameworks-and-libraries.md#not-traced). Checked against the instrumentation table by a unit test
 * (no name here may be traced). Left out on purpose: libraries traced through what they sit on (drizzle-orm, kysely,
 * sequelize and typeorm through their drivers; mssql through tedious; bull through ioredis; @aws-sdk/client-bedrock-
 * runtime through the aws-sdk instrumentation; @libsql/client under Prisma's adapter; LangChain through the SDKs it
 * calls), and those that trace themselves with the OpenTelemetry API
 * (@elastic/elasticsearch 8.15+, @google-cloud/pubsub with its tracing option).
 */
export const untracedLibraries: Readonly<Record<string, UntracedKind>> = {
  'better-sqlite3': 'database',
  sqlite3: 'database',
  'neo4j-driver': 'database',
  couchbase: 'database',
  '@clickhouse/client': 'database',
  hono: 'http-framework',
  h3: 'http-framework',
  elysia: 'http-framework',
  bullmq: 'queue',
  nats: 'queue',
  mqtt: 'queue',
  '@azure/service-bus': 'queue',
  '@confluentinc/kafka-javascript': 'queue',
  'node-rdkafka': 'queue',
  '@anthropic-ai/sdk': 'genai',
  '@mistralai/mistralai': 'genai',
  'cohere-ai': 'genai',
  ollama: 'genai',
  '@google/generative-ai': 'genai',
  '@google-cloud/vertexai': 'genai',
};
