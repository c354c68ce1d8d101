import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runFixture, spawnFixture } from '@otelkit/testing';
import {
  fixturesDir,
  get,
  otelEnv,
  otelkitLines,
  REQUIRE,
  startApp,
  useReceiver,
} from './support/app';

jest.setTimeout(90_000);

const receiver = useReceiver();
const cwd = path.join(fixturesDir, 'node');

/** Spans stay queued until the process ends: only the exit path can deliver them. */
const QUEUED = { OTEL_BSP_SCHEDULE_DELAY: '60000' };

describe('the app handles SIGTERM itself and drains for ~1 s', () => {
  test.each([
    ['calls process.exit(0)', 'exit'],
    ['awaits otel.shutdown(), then exits', 'shutdown'],
    ['lets the event loop end', 'loop'],
  ])(
    '%s: every span ended during the drain arrives, exit 0 within the timeout',
    async (_, mode) => {
      const { proc } = await startApp({
        script: 'drain-app.js',
        nodeArgs: REQUIRE,
        env: otelEnv(receiver.current.url, {
          ...QUEUED,
          DRAIN_END: mode,
          OTELKIT_SHUTDOWN_TIMEOUT: '3000',
        }),
      });
      proc.kill('SIGTERM');
      await proc.waitForOutput(/drained 20/, { stream: 'stdout' });
      const drainedAt = Date.now();
      const result = await proc.exited;
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
      expect(Date.now() - drainedAt).toBeLessThan(3000 + 1000);
      const names = receiver.current.spans.map((s) => s.name).filter((n) => n.startsWith('drain'));
      expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `drain ${i + 1}`).sort());
      expect(
        otelkitLines(result.stderr).filter((l) => /could not|dropped|did not finish/.test(l)),
      ).toEqual([]);
    },
  );
});

describe('no handler of its own', () => {
  test('a second SIGINT during a flush to a hung collector exits at once, by the signal, with one line', async () => {
    const hung = await collector('hung');
    const { proc, port } = await startApp({
      script: 'drain-app.js',
      nodeArgs: REQUIRE,
      // The fixture handles SIGTERM only: SIGINT is otelkit's to handle.
      env: otelEnv(hung.url, { ...QUEUED, OTELKIT_SHUTDOWN_TIMEOUT: '20000' }),
    });
    expect((await get(port, '/')).status).toBe(200); // one server span, queued
    proc.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const secondAt = Date.now();
    proc.kill('SIGINT');
    const result = await proc.exited;
    await hung.close();
    expect(result.signal).toBe('SIGINT');
    expect(Date.now() - secondAt).toBeLessThan(1500);
    expect(otelkitLines(result.stderr).filter((l) => !l.includes('tracing service'))).toEqual([
      expect.stringMatching(/^@otelkit\/node: SIGINT again: flush abandoned/),
    ]);
  });
});

describe('a collector that never answers, OTELKIT_SHUTDOWN_TIMEOUT=2000', () => {
  test.each([
    ['accepts and never answers', 'hung'] as const,
    ['trickles its answer, 1 byte/s', 'trickle'] as const,
  ])(
    '%s: a one-span script exits 0 within 3 s of its last statement, with one consistent loss line',
    async (_, behaviour) => {
      const bad = await collector(behaviour);
      const result = await runFixture({
        script: 'one-span.js',
        cwd,
        nodeArgs: REQUIRE,
        env: otelEnv(bad.url, {
          OTELKIT_SHUTDOWN_TIMEOUT: '2000',
          OTEL_BSP_SCHEDULE_DELAY: '5000',
        }),
      });
      const ended = Date.now();
      await bad.close();
      const last = Number(/last statement (\d+)/.exec(result.stdout)?.[1]);
      expect(result.code).toBe(0);
      expect(ended - last).toBeLessThan(3000);
      const lines = otelkitLines(result.stderr).filter((l) => !l.includes('tracing service'));
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(
            `^@otelkit/node: exit: flush did not finish within 2000 ms: 1 spans could not be delivered to ` +
              `${bad.url.replace(/[./]/g, '\\$&')}/v1/traces`,
          ),
        ),
      ]);
      expect(result.stderr).not.toMatch(/Warning|\(node:/);
    },
  );
});

describe('process.exit() with spans still queued', () => {
  test('a cluster worker whose primary is killed sends its spans before it exits', async () => {
    const app = spawnFixture({
      script: 'cluster-app.js',
      cwd,
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url, { ...QUEUED, WORKER_SPANS: '10' }),
    });
    const ready = await app.waitForOutput(/worker ready (\d+)/, { stream: 'stdout' });
    const workerPid = Number(/(\d+)$/.exec(ready)![1]);
    app.kill('SIGKILL');
    await app.exited.catch(() => undefined);
    const spans = await receiver.current.waitForSpans(
      (all) => all.filter((s) => s.name.startsWith('worker span')).length >= 10,
    );
    expect(spans.filter((s) => s.name.startsWith('worker span'))).toHaveLength(10);
    await waitForExit(workerPid);
  });
});

/** A loopback "collector" that takes requests and never completes an answer. */
async function collector(
  behaviour: 'hung' | 'trickle',
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.resume();
    if (behaviour === 'trickle') {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n');
      const drip = setInterval(() => socket.write('x'), 1000);
      socket.on('close', () => clearInterval(drip));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function waitForExit(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`worker ${pid} still running`);
}
