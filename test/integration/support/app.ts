import http from 'node:http';
import path from 'node:path';
import {
  runFixture,
  spawnFixture,
  startReceiver,
  type FixtureOptions,
  type FixtureProcess,
  type OtlpReceiver,
} from '@otelkit/testing';

export const fixturesDir = path.join(__dirname, '..', '..', 'fixtures');
export const REQUIRE = ['--require', '@otelkit/node/register'];
export const IMPORT = ['--import', '@otelkit/node/register'];

/** Env for a fixture exporting to `endpoint` quickly, with nothing inherited that could change the outcome. */
export function otelEnv(endpoint: string, extra: Record<string, string | undefined> = {}) {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_SERVICE_NAME: undefined,
    OTEL_SDK_DISABLED: undefined,
    OTEL_TRACES_EXPORTER: undefined,
    OTEL_PROPAGATORS: undefined,
    OTEL_LOG_LEVEL: undefined,
    NODE_OPTIONS: undefined,
    ...extra,
  };
}

export interface RunningApp {
  proc: FixtureProcess;
  port: number;
}

/** Starts a server fixture and waits for its `listening <port>` line. */
export async function startApp(options: FixtureOptions): Promise<RunningApp> {
  const proc = spawnFixture({ cwd: path.join(fixturesDir, 'node'), timeoutMs: 60_000, ...options });
  const line = await proc.waitForOutput(/listening (\d+)/, { stream: 'stdout', timeoutMs: 20_000 });
  return { proc, port: Number(/listening (\d+)/.exec(line)![1]) };
}

/** GET over a fresh connection; resolves with status and body. The test process itself is not instrumented. */
export function get(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
  });
}

/** Lines our packages wrote to stderr. */
export function otelkitLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('@otelkit/'));
}

/**
 * Runs a node fixture (test/fixtures/node) that reports on its last stdout line as JSON, exporting to `endpoint`;
 * expects exit code 0 and returns the report with the otelkit lines of stderr.
 */
export async function runReportingFixture<T>(
  script: string,
  nodeArgs: string[],
  endpoint: string,
  env: Record<string, string> = {},
): Promise<T & { lines: string[] }> {
  const result = await runFixture({
    script,
    cwd: path.join(fixturesDir, 'node'),
    nodeArgs,
    env: otelEnv(endpoint, env),
    timeoutMs: 60_000,
  });
  expect(result.code).toBe(0);
  const last = result.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(last) as T), lines: otelkitLines(result.stderr) };
}

/** `count` GETs of `/work?n=…`, `concurrency` at a time; resolves with how many answered 200. */
export async function sendWork(port: number, count: number, concurrency = 50): Promise<number> {
  let ok = 0;
  for (let start = 0; start < count; start += concurrency) {
    const size = Math.min(concurrency, count - start);
    const results = await Promise.all(
      Array.from({ length: size }, (_, i) => get(port, `/work?n=${start + i}`)),
    );
    ok += results.filter((r) => r.status === 200).length;
  }
  return ok;
}

/** One receiver for the test file, emptied before each test. Read `.current` inside tests. */
export function useReceiver(): { current: OtlpReceiver } {
  const holder = {} as { current: OtlpReceiver };
  beforeAll(async () => {
    holder.current = await startReceiver();
  });
  afterAll(() => holder.current.close());
  beforeEach(() => holder.current.clear());
  return holder;
}
