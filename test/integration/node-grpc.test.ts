import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runFixture, startGrpcReceiver, type OtlpReceiver } from '@otelkit/testing';
import { fixturesDir, IMPORT, otelEnv, otelkitLines, REQUIRE } from './support/app';

jest.setTimeout(60_000);

// OTEL_EXPORTER_OTLP_PROTOCOL=grpc, configured by env only, against real OTLP/gRPC receivers: plain, TLS with a
// private CA, and mutual TLS.
const tls = (name: string) => path.join(fixturesDir, 'tls', name);
const cwd = path.join(fixturesDir, 'node');
let plain: OtlpReceiver;
let secure: OtlpReceiver;
let mutual: OtlpReceiver;
beforeAll(async () => {
  const certificate = {
    cert: readFileSync(tls('server.pem')),
    key: readFileSync(tls('server.key')),
  };
  plain = await startGrpcReceiver();
  secure = await startGrpcReceiver({ tls: certificate });
  mutual = await startGrpcReceiver({
    tls: { ...certificate, clientCa: readFileSync(tls('ca.pem')) },
  });
});
afterEach(() => [plain, secure, mutual].forEach((r) => r.clear()));
afterAll(() => Promise.all([plain.close(), secure.close(), mutual.close()]));

const grpcEnv = (endpoint: string, extra: Record<string, string> = {}) =>
  otelEnv(endpoint, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', ...extra });

test.each([
  ['--require', REQUIRE],
  ['--import', IMPORT],
])(
  '%s: spans reach a gRPC collector, headers go as metadata, the startup line names it',
  async (_, nodeArgs) => {
    const result = await runFixture({
      script: 'hello.js',
      cwd,
      nodeArgs,
      env: grpcEnv(plain.url, { OTEL_EXPORTER_OTLP_HEADERS: 'x-team=checkout' }),
    });
    expect(result.code).toBe(0);
    const spans = await plain.waitForSpans(2);
    expect(spans.map((s) => s.kindName).sort()).toEqual(['CLIENT', 'SERVER']);
    expect(plain.requests[0].headers['x-team']).toBe('checkout');
    expect(plain.requests[0].grpcStatus).toBe(0);
    const lines = otelkitLines(result.stderr);
    expect(lines[0]).toContain(`→ ${plain.url} (grpc)`);
    expect(lines).toContainEqual(
      `@otelkit/node: first spans delivered to ${plain.url} (grpc) (2 spans)`,
    );
  },
);

test("the app's own @grpc/grpc-js is still traced, though otelkit's exporter loads the same copy", async () => {
  const result = await runFixture({
    script: 'grpc-app.js',
    cwd,
    nodeArgs: REQUIRE,
    env: grpcEnv(plain.url),
  });
  expect(result.stdout).toContain('grpc ok hi');
  expect(result.code).toBe(0);
  const spans = await plain.waitForSpans(2);
  const rpc = spans.filter((s) => s.attributes['rpc.system'] === 'grpc');
  expect(rpc.map((s) => `${s.kindName} ${s.name}`).sort()).toEqual([
    'CLIENT grpc.fixture.Echo/Echo',
    'SERVER grpc.fixture.Echo/Echo',
  ]);
  // The exporter's own calls are not traced, and nothing is reported as loaded too early.
  expect(spans.every((s) => !s.name.includes('TraceService'))).toBe(true);
  expect(otelkitLines(result.stderr).join('\n')).not.toMatch(/loaded before otelkit started/);
});

test('OTEL_EXPORTER_OTLP_CERTIFICATE: spans reach a TLS gRPC collector whose CA Node does not know', async () => {
  const result = await runFixture({
    script: 'hello.js',
    cwd,
    nodeArgs: REQUIRE,
    env: grpcEnv(secure.url, { OTEL_EXPORTER_OTLP_CERTIFICATE: tls('ca.pem') }),
  });
  expect(result.code).toBe(0);
  await secure.waitForSpans(2);
});

test('client certificate and key from env: spans reach a gRPC collector that requires mutual TLS', async () => {
  const result = await runFixture({
    script: 'hello.js',
    cwd,
    nodeArgs: REQUIRE,
    env: grpcEnv(mutual.url, {
      OTEL_EXPORTER_OTLP_CERTIFICATE: tls('ca.pem'),
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: tls('client.pem'),
      OTEL_EXPORTER_OTLP_CLIENT_KEY: tls('client.key'),
    }),
  });
  expect(result.code).toBe(0);
  await mutual.waitForSpans(2);
});

test('a gRPC collector answering UNAVAILABLE for a while: the batch is retried and delivered', async () => {
  let refusals = 2;
  const flaky = await startGrpcReceiver({
    respond: () => (refusals-- > 0 ? { code: 14, message: 'restarting' } : undefined),
  });
  try {
    const result = await runFixture({
      script: 'grpc-retry-app.js',
      cwd,
      nodeArgs: REQUIRE,
      env: grpcEnv(flaky.url),
    });
    expect(result.code).toBe(0);
    expect(flaky.requests.map((r) => r.grpcStatus)).toEqual([14, 14, 0]);
    expect(flaky.spans.map((s) => s.name)).toEqual(['work']);
    expect(otelkitLines(result.stderr).filter((l) => /could not|not delivered/.test(l))).toEqual(
      [],
    );
  } finally {
    await flaky.close();
  }
});

test('a gRPC collector answering UNAVAILABLE at exit: one attempt, no backoff holding the exit, the loss in one line', async () => {
  const refusing = await startGrpcReceiver({
    respond: () => ({ code: 14, message: 'overloaded' }),
  });
  try {
    const started = Date.now();
    const result = await runFixture({
      script: 'hello.js',
      cwd,
      nodeArgs: REQUIRE,
      env: grpcEnv(refusing.url, { OTELKIT_SHUTDOWN_TIMEOUT: '20000' }),
    });
    expect(result.code).toBe(0);
    expect(refusing.requests.map((r) => r.grpcStatus)).toEqual([14]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(otelkitLines(result.stderr).filter((l) => !l.includes('tracing service'))).toEqual([
      expect.stringMatching(
        /^@otelkit\/node: could not export 2 spans to http:\/\/127\.0\.0\.1:\d+ \(grpc\): 14 UNAVAILABLE: overloaded; 2 spans not delivered since start$/,
      ),
    ]);
  } finally {
    await refusing.close();
  }
});

test('no gRPC collector listening: the app runs and exits at once, the loss reported in one line', async () => {
  const started = Date.now();
  const result = await runFixture({
    script: 'hello.js',
    cwd,
    nodeArgs: REQUIRE,
    env: grpcEnv('http://127.0.0.1:9', { OTELKIT_SHUTDOWN_TIMEOUT: '20000' }),
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('status 200');
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(otelkitLines(result.stderr).filter((l) => !l.includes('tracing service'))).toEqual([
    expect.stringMatching(
      /^@otelkit\/node: could not export 2 spans to http:\/\/127\.0\.0\.1:9 \(grpc\): .*UNAVAILABLE.*; 2 spans not delivered since start$/,
    ),
  ]);
  expect(result.stderr).not.toMatch(/Unhandled|\n\s+at /);
});
