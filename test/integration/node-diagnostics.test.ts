import path from 'node:path';
import { runFixture } from '@otelkit/testing';
import { fixturesDir, otelEnv, otelkitLines, REQUIRE } from './support/app';

jest.setTimeout(120_000);

const cwd = path.join(fixturesDir, 'node');
// No exporter: only the diagnostics of the misuse are under test, and no queue holds spans while the heap is measured.
const env = otelEnv('http://127.0.0.1:9', { OTEL_TRACES_EXPORTER: 'none' });

const run = (traces: number, mode?: 'heap') =>
  runFixture({
    script: 'late-span-calls.js',
    args: [String(traces), ...(mode ? [mode] : [])],
    cwd,
    nodeArgs: ['--expose-gc', ...REQUIRE],
    env,
    timeoutMs: 100_000,
  });

describe('OpenTelemetry diagnostics about a misused span', () => {
  test('a late setAttribute and a double end() on 1,000 distinct traces print at most 5 lines', async () => {
    const result = await run(1_000);
    expect(result.code).toBe(0);
    const lines = otelkitLines(result.stderr).filter((line) => line.includes('OpenTelemetry:'));
    process.stdout.write(
      `late span calls, 1,000 traces: ${lines.length} lines\n${lines.join('\n')}\n`,
    );
    expect(lines.length).toBeGreaterThanOrEqual(1); // reported, not silenced
    expect(lines.length).toBeLessThanOrEqual(5);
    // Only the first trace is named: the others are repeats of the same shape, counted, not printed.
    expect(new Set(result.stderr.match(/[0-9a-f]{32}/g)).size).toBe(1);
  });

  test('200,000 such calls grow the heap by at most 5 MB', async () => {
    const result = await run(100_000, 'heap');
    expect(result.code).toBe(0);
    const { calls, growthBytes } = JSON.parse(result.stdout.trim().split('\n').pop()!);
    process.stdout.write(
      `late span calls: ${calls} calls, heap growth ${(growthBytes / 1024 / 1024).toFixed(2)} MB\n`,
    );
    expect(calls).toBe(200_000);
    expect(growthBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(otelkitLines(result.stderr).length).toBeLessThanOrEqual(6);
  });
});
