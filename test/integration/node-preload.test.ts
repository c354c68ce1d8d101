import { assertConnectedTrace, assertTrace, type ReceivedSpan } from '@otelkit/testing';
import { get, IMPORT, otelEnv, otelkitLines, REQUIRE, startApp, useReceiver } from './support/app';

jest.setTimeout(60_000);

const receiver = useReceiver();

const servers = (spans: ReceivedSpan[]) => spans.filter((s) => s.kindName === 'SERVER');

describe('--require with a CommonJS express app', () => {
  test('a request yields one connected trace: SERVER span named by route, express spans and the outgoing call under it', async () => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url),
    });
    const res = await get(port, '/users/42');
    expect(res.status).toBe(200);
    const spans = await receiver.current.waitForTrace(
      (t) =>
        t.some((s) => s.name === 'GET /users/:id') &&
        t.some((s) => s.kindName === 'CLIENT') &&
        servers(t).length === 2,
    );
    proc.kill('SIGTERM');
    await proc.exited;
    assertConnectedTrace(spans);
    assertTrace(spans, {
      name: 'GET /users/:id',
      kind: 'SERVER',
      serviceName: 'node-fixtures',
      attributes: { 'http.route': '/users/:id' },
      children: [
        {
          name: /request handler - \/users\/:id/,
          children: [{ kind: 'CLIENT', children: [{ kind: 'SERVER', name: 'GET /internal' }] }],
        },
      ],
    });
    const root = spans.find((s) => s.name === 'GET /users/:id')!;
    expect(root.resource['telemetry.distro.name']).toBe('otelkit');
    expect(root.resource['telemetry.distro.version']).toBe(
      require('@otelkit/node/package.json').version,
    );
    expect(root.resource['service.version']).toBe('1.2.3');
    expect(root.resource['process.pid']).toEqual(expect.any(Number));
    expect(root.resource['host.name']).toEqual(expect.any(String));
  });

  test('pino and winston log lines inside the request carry the active trace_id and span_id', async () => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url),
    });
    await get(port, '/users/7');
    const spans = await receiver.current.waitForTrace((t) =>
      t.some((s) => s.name === 'GET /users/:id'),
    );
    proc.kill('SIGTERM');
    const { stdout } = await proc.exited;
    const records = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const pinoLine = records.find((r) => r.msg === 'loading user');
    const winstonLine = records.find((r) => r.message === 'winston loading user');
    const traceId = spans[0].traceId;
    expect(pinoLine).toMatchObject({
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(winstonLine).toMatchObject({
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(spans.map((s) => s.spanId)).toContain(pinoLine.span_id);
  });

  test.each(['http/protobuf', 'http/json'])('%s arrives and decodes', async (protocol) => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url, { OTEL_EXPORTER_OTLP_PROTOCOL: protocol }),
    });
    await get(port, '/work?n=1');
    await receiver.current.waitForSpans((s) => s.some((x) => x.name === 'GET /work'));
    proc.kill('SIGTERM');
    await proc.exited;
    expect(receiver.current.requests.length).toBeGreaterThan(0);
    expect(new Set(receiver.current.requests.map((r) => r.format))).toEqual(
      new Set([protocol === 'http/json' ? 'json' : 'protobuf']),
    );
  });

  test('works through NODE_OPTIONS too', async () => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      env: otelEnv(receiver.current.url, {
        NODE_OPTIONS: '--require @otelkit/node/register',
      }),
    });
    await get(port, '/work?n=2');
    await receiver.current.waitForSpans((s) => s.some((x) => x.name === 'GET /work'));
    proc.kill('SIGTERM');
    await proc.exited;
  });
});

describe('--import with an ESM app', () => {
  test('an ESM-imported library (express) is patched and produces spans', async () => {
    const { proc, port } = await startApp({
      script: 'esm-app.mjs',
      nodeArgs: IMPORT,
      env: otelEnv(receiver.current.url),
    });
    expect((await get(port, '/items/9')).status).toBe(200);
    const spans = await receiver.current.waitForTrace(
      (t) =>
        t.some((s) => s.name === 'GET /items/:id') && t.some((s) => /request handler/.test(s.name)),
    );
    proc.kill('SIGTERM');
    const { stderr } = await proc.exited;
    assertConnectedTrace(spans);
    assertTrace(spans, {
      name: 'GET /items/:id',
      kind: 'SERVER',
      attributes: { 'http.route': '/items/:id' },
      children: [{ name: 'request handler - /items/:id' }],
    });
    expect(stderr).toMatch(/started by --import/);
  });

  test('without the loader hook the same ESM import stays unpatched (the failure --import prevents)', async () => {
    const { proc, port } = await startApp({
      script: 'esm-app.mjs',
      nodeArgs: ['--require', './start-in-code.js'],
      env: otelEnv(receiver.current.url),
    });
    await get(port, '/items/1');
    await receiver.current.waitForSpans((s) => s.some((x) => x.kindName === 'SERVER'));
    proc.kill('SIGTERM');
    await proc.exited;
    expect(receiver.current.spans.some((s) => /request handler|middleware/.test(s.name))).toBe(
      false,
    );
  });
});

describe('one SDK per process', () => {
  test('--require and --import together start once and export each span once', async () => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: [...REQUIRE, ...IMPORT],
      env: otelEnv(receiver.current.url, { OTEL_LOG_LEVEL: 'debug' }),
    });
    await get(port, '/work?n=3');
    await receiver.current.waitForSpans((s) => s.some((x) => x.name === 'GET /work'));
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to arrive, were there one
    proc.kill('SIGTERM');
    const { stderr } = await proc.exited;
    expect(otelkitLines(stderr).filter((l) => l.includes('tracing service'))).toHaveLength(1);
    expect(stderr).toMatch(/already started by --require; --import reuses that SDK/);
    const ids = receiver.current.spans.map((s) => s.spanId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(servers(receiver.current.spans).filter((s) => s.name === 'GET /work')).toHaveLength(1);
  });

  test('OTEL_SDK_DISABLED=true: the app works and nothing is exported', async () => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url, { OTEL_SDK_DISABLED: 'true' }),
    });
    expect((await get(port, '/users/1')).status).toBe(200);
    proc.kill('SIGTERM');
    const { stderr } = await proc.exited;
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.current.requests).toHaveLength(0);
    expect(otelkitLines(stderr)).toEqual([]);
  });
});
