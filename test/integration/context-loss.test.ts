import { get, otelEnv, otelkitLines, REQUIRE, startApp, useReceiver } from './support/app';

// Issue 21, item 3: an app that loses the request's context through a queue drained by a timer created at start-up
// gets one line naming the span and its instrumentation within the report interval; a healthy app gets none.
jest.setTimeout(90_000);

const receiver = useReceiver();
const INTERVAL_MS = 400;
const LOSS_LINE = /spans started without a parent after start-up/;

async function start() {
  return startApp({
    script: 'startup-queue-app.js',
    nodeArgs: REQUIRE,
    env: otelEnv(receiver.current.url, { OTELKIT_CONTEXT_LOSS_INTERVAL: String(INTERVAL_MS) }),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('context-loss diagnostic', () => {
  test('calls made from a start-up queue: one line names "GET" of the http instrumentation', async () => {
    const app = await start();
    try {
      await get(app.port, '/direct');
      for (let i = 0; i < 3; i++) await get(app.port, '/enqueue');
      await app.proc.waitForOutput(LOSS_LINE, { stream: 'stderr', timeoutMs: 10_000 });
      await sleep(3 * INTERVAL_MS); // nothing new is lost: no second line
    } finally {
      app.proc.kill('SIGTERM');
    }
    const result = await app.proc.exited;
    const lines = otelkitLines(result.stderr).filter((l) => LOSS_LINE.test(l));
    expect(lines).toEqual([
      '@otelkit/node: 3 spans started without a parent after start-up, from instrumentations that run inside ' +
        'requests (context lost?): "GET" (@opentelemetry/instrumentation-http) ×3. Causes and fixes: ' +
        'docs/troubleshooting.md#spans-without-a-parent-after-start-up',
    ]);
  });

  test('a healthy app (every call inside its request) prints none', async () => {
    const app = await start();
    try {
      for (let i = 0; i < 5; i++) await get(app.port, '/direct');
      await receiver.current.waitForSpans(10);
      await sleep(3 * INTERVAL_MS);
    } finally {
      app.proc.kill('SIGTERM');
    }
    const result = await app.proc.exited;
    expect(result.code).toBe(0);
    expect(otelkitLines(result.stderr).filter((l) => LOSS_LINE.test(l))).toEqual([]);
    // Every CLIENT span has its request as parent.
    const clients = receiver.current.spans.filter((span) => span.kindName === 'CLIENT');
    expect(clients).toHaveLength(5);
    expect(clients.every((span) => span.parentSpanId !== undefined)).toBe(true);
  });
});
