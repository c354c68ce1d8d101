// The payment service of examples/microservices, run with `--require @otelkit/node/register`:
// its Prisma spans (client operation, compiled query, SQL) must hang under the HTTP SERVER span of
// the request that ran them, next to the outgoing call to the external payment API.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnFixture, startReceiver } from '@otelkit/testing';
import type { FixtureProcess, OtlpReceiver, ReceivedSpan } from '@otelkit/testing';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'microservices');
const { generatePrismaClient } = require(
  path.join(EXAMPLE, 'scripts', 'generate-prisma-client.js'),
);
const READY = /listening on (http:\/\/\S+)/;

let receiver: OtlpReceiver;
const processes: FixtureProcess[] = [];
const dbFile = path.join(os.tmpdir(), `otelkit-prisma-test-${process.pid}.db`);
let paymentUrl: string;
let providerUrl: string;

async function startService(name: string, traced: boolean, env: Record<string, string>) {
  const child = spawnFixture({
    script: path.join('services', `${name}.js`),
    cwd: EXAMPLE,
    nodeArgs: traced ? ['--require', '@otelkit/node/register'] : [],
    env: {
      PORT: '0',
      OTEL_SERVICE_NAME: name,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      DATABASE_URL: `file:${dbFile}`,
      ...env,
    },
    timeoutMs: 120_000,
  });
  processes.push(child);
  const line = await child.waitForOutput(READY, { stream: 'stdout', timeoutMs: 20_000 });
  return READY.exec(line)![1];
}

function ancestorIds(span: ReceivedSpan, trace: ReceivedSpan[]): string[] {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const ids: string[] = [];
  for (let parent = span.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) {
    ids.push(parent);
  }
  return ids;
}

const named = (trace: ReceivedSpan[], name: string) => trace.filter((s) => s.name === name);

beforeAll(async () => {
  expect(generatePrismaClient({ quiet: true })).toBe(true);
  receiver = await startReceiver();
  providerUrl = await startService('payment-provider', false, {});
  paymentUrl = await startService('payment', true, { PAYMENT_PROVIDER_URL: providerUrl });
}, 60_000);

afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map((child) => child.exited.catch(() => undefined)));
  await receiver?.close();
  fs.rmSync(dbFile, { force: true });
});

describe('Prisma spans in the payment service', () => {
  let trace: ReceivedSpan[];
  let server: ReceivedSpan;

  beforeAll(async () => {
    const res = await fetch(`${paymentUrl}/charge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'order-prisma-test', userId: 'user-1', amountCents: 1250 }),
    });
    expect(res.status).toBe(201);
    trace = await receiver.waitForTrace(
      (spans) =>
        spans.some((s) => s.kindName === 'SERVER') &&
        named(spans, 'prisma:client:operation').length >= 2 &&
        named(spans, 'prisma:client:db_query').length >= 2,
      { timeoutMs: 15_000 },
    );
    server = trace.find((s) => s.kindName === 'SERVER')!;
  }, 30_000);

  test('the HTTP SERVER span of POST /charge belongs to the payment service', () => {
    expect(server.serviceName).toBe('payment');
    expect(server.name).toBe('POST /charge');
    expect(server.attributes['http.route']).toBe('/charge');
  });

  test('both Prisma operations (findFirst, create) are descendants of the SERVER span', () => {
    const operations = named(trace, 'prisma:client:operation');
    expect(operations.map((s) => s.attributes['name']).sort()).toEqual([
      'Payment.create',
      'Payment.findFirst',
    ]);
    for (const op of operations) expect(ancestorIds(op, trace)).toContain(server.spanId);
  });

  test('the SQL query spans are CLIENT spans under their operation and under the SERVER span', () => {
    const queries = named(trace, 'prisma:client:db_query');
    const statements = queries.map((s) => String(s.attributes['db.query.text']).split(' ')[0]);
    expect(statements.sort()).toEqual(['INSERT', 'SELECT']);
    const operationIds = named(trace, 'prisma:client:operation').map((s) => s.spanId);
    for (const query of queries) {
      expect(query.kindName).toBe('CLIENT');
      expect(query.attributes['db.system.name']).toBe('sqlite');
      const ancestors = ancestorIds(query, trace);
      expect(ancestors).toContain(server.spanId);
      expect(ancestors.some((id) => operationIds.includes(id))).toBe(true);
    }
  });

  test('the external payment API call is an HTTP CLIENT span under the same SERVER span', () => {
    const call = trace.find(
      (s) => s.kindName === 'CLIENT' && String(s.attributes['url.full']).startsWith(providerUrl),
    );
    expect(call).toBeDefined();
    expect(call!.attributes['url.full']).toBe(`${providerUrl}/v1/charges`);
    expect(call!.attributes['http.response.status_code']).toBe(201);
    expect(ancestorIds(call!, trace)).toContain(server.spanId);
  });
});
