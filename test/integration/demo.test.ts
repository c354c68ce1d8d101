// `pnpm demo` (examples/microservices/demo.js) end to end: it must succeed on its own, print the
// one connected trace across the four traced services, including the Prisma query spans.
// `pnpm demo --view` does the same through otelkit view, which then serves the traces until SIGINT.
import * as path from 'node:path';
import { runFixture, spawnFixture } from '@otelkit/testing';
import type { FixtureProcess, FixtureResult } from '@otelkit/testing';

const ROOT = path.join(__dirname, '..', '..');

describe('the microservices demo', () => {
  let result: FixtureResult;

  beforeAll(async () => {
    result = await runFixture({
      script: path.join('examples', 'microservices', 'demo.js'),
      cwd: ROOT,
      // The demo has its own 60 s deadline; this only catches a demo that ignores it.
      timeoutMs: 90_000,
    });
  }, 100_000);

  test('exits 0 and says so', () => {
    if (result.code !== 0)
      throw new Error(`demo exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toContain('Demo passed.');
  });

  test.each(['gateway', 'auth', 'payment', 'notification'])(
    'the trace summary lists the %s service',
    (service) => {
      const summary = result.stdout.split('\n').find((l) => l.startsWith('ok one connected trace'));
      expect(summary).toBeDefined();
      expect(summary!.split(': ')[1]).toMatch(new RegExp(`\\b${service}\\b`));
    },
  );

  test('the waterfall shows the Prisma query spans and the external payment API call', () => {
    expect(result.stdout).toContain('prisma:client:operation');
    expect(result.stdout).toMatch(/prisma:client:db_query x2 \(SELECT, INSERT\)/);
    expect(result.stdout).toMatch(
      /payment -> payment-provider: POST http:\/\/127\.0\.0\.1:\d+\/v1\/charges/,
    );
  });

  test('leaves no service running', async () => {
    const pids = [...result.stdout.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(5);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});

describe('the microservices demo with --view', () => {
  let demo: FixtureProcess;
  let uiUrl: string;

  beforeAll(async () => {
    demo = spawnFixture({
      script: path.join('examples', 'microservices', 'demo.js'),
      // Free ports: the defaults (4318, 16686) may be taken on the machine running the tests.
      args: ['--view', '--port', '0', '--ui-port', '0'],
      cwd: ROOT,
      timeoutMs: 120_000,
    });
    const line = await demo.waitForOutput(/Viewer UI: http:\/\/\S+/, {
      stream: 'stdout',
      timeoutMs: 90_000,
    });
    uiUrl = line.slice('Viewer UI: '.length);
  }, 100_000);

  afterAll(() => demo.kill('SIGKILL'));

  test('prints the viewer URL after the same checks as without --view', async () => {
    expect(uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await demo.waitForOutput('Demo passed.', { stream: 'stdout' });
    expect(demo.stdout()).toMatch(
      /^ok one connected trace [0-9a-f]{32}: \d+ spans from gateway, auth, payment, notification$/m,
    );
    expect(demo.stdout()).toContain('prisma:client:db_query');
  });

  test('the viewer lists the demo trace with its four services, and the failed request as an error', async () => {
    const res = await fetch(`${uiUrl}/api/traces`);
    expect(res.status).toBe(200);
    const { traces } = (await res.json()) as {
      traces: { rootName: string; services: string[]; errorCount: number; hasRoot: boolean }[];
    };
    const payment = traces.find((t) => t.services.includes('payment'));
    expect(payment).toMatchObject({
      rootName: 'POST /pay',
      hasRoot: true,
      errorCount: 0,
      services: ['auth', 'gateway', 'notification', 'payment'],
    });
    expect(traces.some((t) => t.rootName === 'POST /pay' && t.errorCount > 0)).toBe(true);
  });

  test('keeps running until SIGINT, then exits 0 and leaves no service running', async () => {
    const pids = () => [...demo.stdout().matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids()).toHaveLength(5);
    for (const pid of pids()) expect(isAlive(pid)).toBe(true);
    demo.kill('SIGINT');
    const result = await demo.exited;
    if (result.code !== 0)
      throw new Error(`demo --view exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toContain('SIGINT: stopping.');
    for (const pid of pids()) expect(isAlive(pid)).toBe(false);
    await expect(fetch(`${uiUrl}/api/traces`)).rejects.toThrow();
  }, 30_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
