import { resolveConfig } from '@otelkit/node';
import { runFixture, startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import path from 'node:path';
import { fixturesDir, IMPORT, otelEnv, otelkitLines, REQUIRE } from './support/app';
import { brokerTestMode, startRabbitMq, type RunningBroker } from './support/brokers';
import { closedPort } from './support/closed-port';
import { startFakeGeminiApi, type FakeGeminiApi } from './support/fake-gemini-api';

// Issue 19: instrumentations load with their libraries now; every library traced before must still be traced, under
// --require (CommonJS loads) and --import (ESM loads through the loader hook). One child process per preload mode runs
// one call per library (test/fixtures/node/every-library/rows.cjs), each inside a span of the app's own, `row <name>`;
// a row passes when that span's trace holds the instrumentation's spans (or, for the loggers, when the log line
// written inside it carries its trace id).
jest.setTimeout(180_000);

const HTTP = '@opentelemetry/instrumentation-http';

/** Row (= instrumentation short name) → the spans its call must produce, as `KIND scope`; `log` for the loggers. */
const exercised: [row: string, expected: string[] | 'log', how: string][] = [
  ['http', [`CLIENT ${HTTP}`, `SERVER ${HTTP}`], 'GET to a loopback server of its own'],
  [
    'undici',
    ['CLIENT @opentelemetry/instrumentation-undici'],
    'global fetch() of a loopback server',
  ],
  ['express', ['INTERNAL @otelkit/instrumentation-express'], 'serves a GET to itself'],
  ['fastify', ['INTERNAL @fastify/otel'], 'serves a GET to itself'],
  [
    'grpc',
    ['CLIENT @opentelemetry/instrumentation-grpc', 'SERVER @opentelemetry/instrumentation-grpc'],
    'unary call to a loopback server of its own',
  ],
  ['ioredis', ['CLIENT @opentelemetry/instrumentation-ioredis'], 'a closed loopback port'],
  ['mysql2', ['CLIENT @opentelemetry/instrumentation-mysql2'], 'a closed loopback port'],
  [
    'postgres-js',
    ['CLIENT @otelkit/instrumentation-postgres-js'],
    'a closed loopback port: postgres.js 4 publishes the failed query on its channel',
  ],
  [
    'amqplib',
    ['PRODUCER @opentelemetry/instrumentation-amqplib'],
    'real RabbitMQ (no span without a broker)',
  ],
  ['pino', 'log', 'trace_id injected into a line logged inside a span'],
  ['winston', 'log', 'trace_id injected into a line logged inside a span'],
  [
    'google-genai',
    ['CLIENT @otelkit/instrumentation-google-genai'],
    'the loopback fake Gemini API',
  ],
  [
    'openai',
    ['CLIENT @opentelemetry/instrumentation-openai'],
    'the loopback fake (chat completion)',
  ],
];

// https is the http instrumentation's too: its row is checked beside the others, not counted as an instrumentation.
const httpsRow: [string, string[], string] = [
  'https',
  [`CLIENT ${HTTP}`],
  'a closed loopback port (CLIENT span with an error)',
];

const NOT_INSTALLED = 'not installed in the test package (test/package.json): no app here loads it';
/** Enabled by default but not exercised here, and why. Together with `exercised`, exactly the default set. */
const notExercised: Record<string, string> = {
  'aws-lambda':
    'made only inside AWS Lambda (LAMBDA_TASK_ROOT), where the module it patches is the handler',
  prisma: 'needs a generated Prisma client: covered by prisma.test.ts and the demo',
  ...Object.fromEntries(
    [
      'aws-sdk',
      'bunyan',
      'cassandra-driver',
      'connect',
      'cucumber',
      'dataloader',
      'generic-pool',
      'graphql',
      'hapi',
      'kafkajs',
      'knex',
      'koa',
      'lru-memoizer',
      'memcached',
      'mongodb',
      'mongoose',
      'mysql',
      'nestjs-core',
      'oracledb',
      'pg',
      'redis',
      'restify',
      'router',
      'socket.io',
      'tedious',
    ].map((name) => [name, NOT_INSTALLED]),
  ),
};

const amqpMode = brokerTestMode('rabbitmq-server');

interface RowResult {
  traceId: string;
  outcome: unknown;
  log: string[];
}
interface ModeRun {
  rows: Record<string, RowResult>;
  spans: ReceivedSpan[];
  stderr: string;
}

const modes = { '--require': REQUIRE, '--import': IMPORT } as const;
type Mode = keyof typeof modes;
const runs = {} as Record<Mode, ModeRun>;
let receivers: OtlpReceiver[] = [];
let llm: FakeGeminiApi;
let broker: RunningBroker | undefined;

beforeAll(async () => {
  [llm, broker] = await Promise.all([
    startFakeGeminiApi(),
    amqpMode === 'run' ? startRabbitMq() : undefined,
  ]);
  const port = await closedPort();
  receivers = await Promise.all([startReceiver(), startReceiver()]);
  await Promise.all(
    (Object.keys(modes) as Mode[]).map(async (mode, i) => {
      const receiver = receivers[i];
      const { code, stdout, stderr } = await runFixture({
        script: mode === '--import' ? 'app.mjs' : 'app.cjs',
        cwd: path.join(fixturesDir, 'node', 'every-library'),
        nodeArgs: [...modes[mode]],
        timeoutMs: 90_000,
        env: otelEnv(receiver.url, {
          // Debug: one `instrumentation <name> loaded` line per instrumentation made.
          OTEL_LOG_LEVEL: 'debug',
          OTEL_NODE_ENABLED_INSTRUMENTATIONS: undefined,
          OTEL_NODE_DISABLED_INSTRUMENTATIONS: undefined,
          EVERY_LIBRARY_CLOSED_PORT: String(port),
          EVERY_LIBRARY_LLM_URL: llm.url,
          EVERY_LIBRARY_AMQP_URL: broker?.url,
        }),
      });
      if (code !== 0) throw new Error(`${mode} app exited ${code}:\n${stderr}`);
      const rows = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, RowResult>;
      // The app flushes at exit; the wait only covers a request still being decoded.
      const rowSpans = Object.keys(rows).length;
      const spans = await receiver.waitForSpans(
        (received) => received.filter((s) => s.name.startsWith('row ')).length >= rowSpans,
        { timeoutMs: 10_000 },
      );
      runs[mode] = { rows, spans, stderr };
    }),
  );
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await llm?.close();
  await broker?.stop();
});

/** `KIND scope` of every instrumentation span in the row's trace. */
function spansOfRow(mode: Mode, row: string): string[] {
  const { rows, spans } = runs[mode];
  const traceId = rows[row]?.traceId;
  return spans
    .filter((s) => s.traceId === traceId && s.scope.name !== 'every-library')
    .map((s) => `${s.kindName} ${s.scope.name}`);
}

const cases = (Object.keys(modes) as Mode[]).flatMap((mode) =>
  [...exercised, httpsRow].map(([row, expected, how]) => [mode, row, how, expected] as const),
);
// Without rabbitmq-server installed (locally only: brokerTestMode printed the SKIPPED line; CI never skips).
const needsBroker = (row: string) => row === 'amqplib' && amqpMode === 'skip';

describe('every library traced by default still gets its spans', () => {
  test.each(cases.filter(([, row]) => !needsBroker(row)))(
    '%s: %s (%s)',
    (mode, row, _how, expected) => {
      if (expected === 'log') {
        const { traceId, log } = runs[mode].rows[row];
        expect(log).toHaveLength(1);
        expect(JSON.parse(log[0])).toMatchObject({
          trace_id: traceId,
          span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
        });
        return;
      }
      expect(spansOfRow(mode, row)).toEqual(expect.arrayContaining(expected));
    },
  );
  const skipped = cases.filter(([, row]) => needsBroker(row));
  if (skipped.length > 0)
    test.skip.each(skipped)('%s: %s: not run, rabbitmq-server is not installed', () => undefined);

  test.each(Object.keys(modes) as Mode[])(
    '%s: the start-up line counts every default instrumentation, and each library loaded made its own',
    (mode) => {
      const { stderr } = runs[mode];
      const enabled = resolveConfig({}, {}).config.instrumentations.enabled;
      expect(otelkitLines(stderr).join('\n')).toContain(
        `; ${enabled.length} instrumentations, loaded with their libraries; started by ${mode}`,
      );
      const made = otelkitLines(stderr)
        .map((line) => /: instrumentation (\S+) loaded$/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined);
      expect(made).toEqual(expect.arrayContaining(exercised.map(([row]) => row)));
    },
  );
});

describe('libraries not exercised here are listed with the reason', () => {
  test('exercised and not exercised together are exactly the instrumentations enabled by default', () => {
    const enabled = resolveConfig({}, {}).config.instrumentations.enabled;
    expect([...exercised.map(([row]) => row), ...Object.keys(notExercised)].sort()).toEqual(
      [...enabled].sort(),
    );
  });

  test.skip.each(Object.entries(notExercised))('%s: not exercised, %s', () => undefined);
});
