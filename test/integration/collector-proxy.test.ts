import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runFixture, startGrpcReceiver, startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { fixturesDir, otelEnv, otelkitLines, REQUIRE } from './support/app';
import { closedPort } from './support/closed-port';
import { startForwardProxy } from './support/forward-proxy';

jest.setTimeout(60_000);

// Collectors reached through a forward proxy started here: CONNECT for https, absolute-form requests for http,
// credentials from the proxy URL. `localhost` is the collector's name (its certificate's), which the proxy
// resolves; the app is configured by env only.
const PASSWORD = 's3cret-proxy-pw';
const CREDENTIALS = `otel:${PASSWORD}`;
const ca = path.join(fixturesDir, 'tls', 'ca.pem');
const NO_PROXY_ENV = {
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
  grpc_proxy: undefined,
  OTELKIT_EXPORTER_PROXY: undefined,
  OTEL_LOG_LEVEL: 'info',
  OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
};
let secure: OtlpReceiver;
let plain: OtlpReceiver;
let grpc: OtlpReceiver;
const httpsUrl = () => `https://localhost:${new URL(secure.url).port}`;
const httpUrl = () => `http://localhost:${new URL(plain.url).port}`;

beforeAll(async () => {
  const tls = (name: string) => readFileSync(path.join(fixturesDir, 'tls', name));
  secure = await startReceiver({ tls: { cert: tls('server.pem'), key: tls('server.key') } });
  plain = await startReceiver();
  grpc = await startGrpcReceiver({ tls: { cert: tls('server.pem'), key: tls('server.key') } });
});
afterAll(() => Promise.all([secure.close(), plain.close(), grpc.close()]));
beforeEach(() => {
  secure.clear();
  plain.clear();
  grpc.clear();
});

const run = (script: string, endpoint: string, env: Record<string, string | undefined>) =>
  runFixture({
    script,
    cwd: path.join(fixturesDir, 'node'),
    nodeArgs: REQUIRE,
    env: otelEnv(endpoint, { ...NO_PROXY_ENV, OTEL_EXPORTER_OTLP_CERTIFICATE: ca, ...env }),
  });

test.each([['info'], ['debug']])(
  'https collector through a CONNECT proxy with credentials: spans arrive, the password is never printed (log level %s)',
  async (level) => {
    const proxy = await startForwardProxy({ credentials: CREDENTIALS });
    try {
      const result = await run('hello.js', httpsUrl(), {
        HTTPS_PROXY: proxy.url(CREDENTIALS),
        OTEL_LOG_LEVEL: level,
      });
      expect(result.code).toBe(0);
      await secure.waitForSpans(2);
      const basic = `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`;
      expect(proxy.seen).toContainEqual({
        method: 'CONNECT',
        target: `localhost:${new URL(secure.url).port}`,
        authorization: basic,
      });
      const output = result.stdout + result.stderr;
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(basic.slice(6));
      expect(otelkitLines(result.stderr)).toContainEqual(
        expect.stringContaining(
          `→ ${httpsUrl()}/v1/traces (http/protobuf) via proxy http://***@127.0.0.1:${proxy.port}/ (HTTPS_PROXY)`,
        ),
      );
    } finally {
      await proxy.close();
    }
  },
);

test('http collector through the proxy: absolute-form POSTs, no CONNECT', async () => {
  const proxy = await startForwardProxy({ credentials: CREDENTIALS });
  try {
    const result = await run('hello.js', httpUrl(), { http_proxy: proxy.url(CREDENTIALS) });
    expect(result.code).toBe(0);
    await plain.waitForSpans(2);
    expect(proxy.seen.map((s) => `${s.method} ${s.target}`)).toContain(
      `POST ${httpUrl()}/v1/traces`,
    );
    expect(proxy.seen.filter((s) => s.method === 'CONNECT')).toEqual([]);
  } finally {
    await proxy.close();
  }
});

test.each<[string, Record<string, string>]>([
  ['the collector in NO_PROXY', { NO_PROXY: 'example.org,localhost' }],
  ['OTELKIT_EXPORTER_PROXY=off', { OTELKIT_EXPORTER_PROXY: 'off' }],
])('%s: spans go directly, the proxy sees nothing', async (_, env) => {
  const proxy = await startForwardProxy({ credentials: CREDENTIALS });
  try {
    const result = await run('hello.js', httpsUrl(), {
      HTTPS_PROXY: proxy.url(CREDENTIALS),
      ...env,
    });
    expect(result.code).toBe(0);
    await secure.waitForSpans(2);
    expect(proxy.seen).toEqual([]);
    expect(otelkitLines(result.stderr).join('\n')).not.toContain('via proxy');
  } finally {
    await proxy.close();
  }
});

test.each([['info'], ['debug']])(
  'proxy down for the whole run: one failure line naming the proxy, its password masked (log level %s)',
  async (level) => {
    const port = await closedPort();
    const result = await run('hello.js', httpsUrl(), {
      HTTPS_PROXY: `http://${CREDENTIALS}@127.0.0.1:${port}`,
      OTEL_LOG_LEVEL: level,
    });
    expect(result.code).toBe(0);
    expect(secure.spans).toHaveLength(0);
    const output = result.stdout + result.stderr;
    expect(output).not.toContain(PASSWORD);
    expect(otelkitLines(result.stderr)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `could not export 2 spans to .*proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${port}/.*ECONNREFUSED`,
        ),
      ),
    );
  },
);

test('proxy down, then back: the export is retried with the normal backoff and the span arrives', async () => {
  const port = await closedPort();
  const running = run('proxy-span-app.js', httpsUrl(), {
    HTTPS_PROXY: `http://${CREDENTIALS}@127.0.0.1:${port}`,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    APP_MILLIS: '6000',
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const proxy = await startForwardProxy({ credentials: CREDENTIALS, port });
  try {
    const result = await running;
    expect(result.code).toBe(0);
    const [span] = await secure.waitForSpans(1);
    expect(span.name).toBe('through-proxy');
    expect(proxy.seen.filter((s) => s.method === 'CONNECT').length).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  } finally {
    await proxy.close();
  }
});

test('a proxy that never answers CONNECT: each attempt ends at the export timeout, the app exits as usual', async () => {
  const proxy = await startForwardProxy({ hangOnConnect: true });
  try {
    const started = Date.now();
    const result = await run('proxy-span-app.js', httpsUrl(), {
      HTTPS_PROXY: proxy.url(),
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      APP_MILLIS: '2500',
    });
    expect(result.code).toBe(0);
    expect(secure.spans).toHaveLength(0);
    // Attempts bounded by the 500 ms timeout, not by the proxy: the app is not held at exit.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(proxy.seen.filter((s) => s.method === 'CONNECT').length).toBeGreaterThan(1);
    expect(otelkitLines(result.stderr)).toContainEqual(
      expect.stringMatching(/(could not export|are stuck).*via proxy http:\/\/127\.0\.0\.1/),
    );
  } finally {
    await proxy.close();
  }
});

describe('OTLP/gRPC follows the same decision (grpc-js would read only lowercase variables, by rules of its own)', () => {
  const grpcUrl = () => `https://localhost:${new URL(grpc.url).port}`;
  const runGrpc = (env: Record<string, string>) =>
    run('hello.js', grpcUrl(), { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', ...env });

  test.each<[string, (proxyUrl: string) => Record<string, string>]>([
    ['HTTPS_PROXY (uppercase)', (url) => ({ HTTPS_PROXY: url })],
    ['OTELKIT_EXPORTER_PROXY', (url) => ({ OTELKIT_EXPORTER_PROXY: url })],
  ])('%s: spans reach the collector through a CONNECT tunnel with credentials', async (_, env) => {
    const proxy = await startForwardProxy({ credentials: CREDENTIALS });
    try {
      const result = await runGrpc(env(proxy.url(CREDENTIALS)));
      expect(result.code).toBe(0);
      await grpc.waitForSpans(2);
      expect(proxy.seen).toContainEqual({
        method: 'CONNECT',
        target: `localhost:${new URL(grpc.url).port}`,
        authorization: `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`,
      });
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    } finally {
      await proxy.close();
    }
  });

  test.each<[string, Record<string, string>]>([
    ['OTELKIT_EXPORTER_PROXY=off', { OTELKIT_EXPORTER_PROXY: 'off' }],
    ['the collector in NO_PROXY (uppercase)', { NO_PROXY: 'localhost:' + '$PORT' }],
  ])('https_proxy set, %s: spans go directly', async (_, env) => {
    const proxy = await startForwardProxy({ credentials: CREDENTIALS });
    try {
      const port = new URL(grpc.url).port;
      const extra = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, v.replace('$PORT', port)]),
      );
      const result = await runGrpc({ https_proxy: proxy.url(CREDENTIALS), ...extra });
      expect(result.code).toBe(0);
      await grpc.waitForSpans(2);
      expect(proxy.seen).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
