// `pnpm demo` (examples/microservices/demo.js) end to end: it must succeed on its own, print the
// one connected trace across the four traced services, including the Prisma query spans.
import * as path from 'node:path';
import { runFixture } from '@otelkit/testing';
import type { FixtureResult } from '@otelkit/testing';

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
