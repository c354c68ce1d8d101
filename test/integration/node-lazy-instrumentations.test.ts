import type { ReceivedSpan } from '@otelkit/testing';
import { get, IMPORT, otelEnv, otelkitLines, REQUIRE, startApp, useReceiver } from './support/app';

jest.setTimeout(60_000);

const receiver = useReceiver();

const namesUnder = (spans: ReceivedSpan[], root: ReceivedSpan) => {
  const names: string[] = [];
  const walk = (parent: ReceivedSpan) => {
    for (const child of spans.filter((s) => s.parentSpanId === parent.spanId)) {
      names.push(child.name);
      walk(child);
    }
  };
  walk(root);
  return names.sort();
};

describe('instrumentations load with their libraries', () => {
  test.each([
    ['--require', REQUIRE],
    ['--import', IMPORT],
  ])(
    '%s: an app that loads only express has the http and express packages loaded (and undici and Prisma, made at start), nothing else',
    async (_entry, nodeArgs) => {
      const { proc, port } = await startApp({
        script: 'lazy-app.js',
        nodeArgs,
        env: otelEnv(receiver.current.url),
      });
      const res = await get(port, '/loaded');
      proc.kill('SIGTERM');
      const { stderr } = await proc.exited;
      // express's is otelkit's own (no package of its own): upstream's express package is not loaded.
      expect(JSON.parse(res.body)).toEqual([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-undici',
        '@prisma/instrumentation',
      ]);
      expect(otelkitLines(stderr).join('\n')).toMatch(
        /; \d+ instrumentations, loaded with their libraries; started by/,
      );
    },
  );

  test('a library required after start (ioredis, inside a request) is instrumented and gets its spans', async () => {
    const { proc, port } = await startApp({
      script: 'lazy-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url),
    });
    const res = await get(port, '/redis');
    const spans = await receiver.current.waitForTrace(
      (t) =>
        t.some((s) => s.name === 'GET /redis') &&
        t.some((s) => s.scope.name === '@opentelemetry/instrumentation-ioredis'),
    );
    proc.kill('SIGTERM');
    await proc.exited;
    expect(JSON.parse(res.body).loaded).toContain('@opentelemetry/instrumentation-ioredis');
    const redis = spans.find((s) => s.scope.name === '@opentelemetry/instrumentation-ioredis')!;
    expect(redis.attributes['db.system.name']).toBe('redis');
  });
});

test('the first instrumentation made patches the very require that made it', async () => {
  // No exporter and nothing made at start: require('express') is the first load, and require-in-the-middle is only
  // installed while it runs.
  const { proc, port } = await startApp({
    script: 'lazy-app.js',
    nodeArgs: REQUIRE,
    env: otelEnv(receiver.current.url, {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'undici,prisma',
    }),
  });
  const res = await get(port, '/express-patched');
  proc.kill('SIGTERM');
  await proc.exited;
  expect(JSON.parse(res.body)).toEqual({ routerUse: true, applicationUse: true });
});

describe("express: no spans for express's own layers and the body parsers by default", () => {
  const userSpans = [
    'middleware - audit',
    'request handler - /api/items/:id',
    'router - /items/:id',
  ];
  const builtIn = [
    'middleware - expressInit',
    'middleware - jsonParser',
    'middleware - query',
    'middleware - rawParser',
    'middleware - textParser',
    'middleware - urlencodedParser',
  ];
  test.each([
    ['default, --require', REQUIRE, {}, userSpans],
    ['default, --import', IMPORT, {}, userSpans],
    [
      'ignoreLayers: [] from code: every layer again',
      [],
      { LAZY_APP_IGNORE_LAYERS: '[]' },
      [...userSpans, ...builtIn].sort(),
    ],
    [
      'ignoreLayers from code replaces the default',
      [],
      { LAZY_APP_IGNORE_LAYERS: '["middleware - audit"]' },
      [...userSpans.filter((n) => n !== 'middleware - audit'), ...builtIn].sort(),
    ],
  ])('%s', async (_case, nodeArgs, env, expected) => {
    const { proc, port } = await startApp({
      script: 'lazy-app.js',
      nodeArgs,
      env: otelEnv(receiver.current.url, env),
    });
    expect((await get(port, '/api/items/7')).status).toBe(200);
    const spans = await receiver.current.waitForTrace((t) =>
      t.some((s) => s.name === 'request handler - /api/items/:id'),
    );
    await new Promise((r) => setTimeout(r, 300)); // a late middleware span would land in the same trace
    proc.kill('SIGTERM');
    await proc.exited;
    const trace = receiver.current.spans.filter((s) => s.traceId === spans[0].traceId);
    const root = trace.find((s) => s.kindName === 'SERVER')!;
    expect(root.name).toBe('GET /api/items/:id');
    expect(namesUnder(trace, root)).toEqual(expected);
  });
});
