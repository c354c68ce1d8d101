import { startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { get, otelEnv, otelkitLines, REQUIRE, startApp } from './support/app';

jest.setTimeout(60_000);

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.clear());

const servers = (spans: ReceivedSpan[]) =>
  spans.filter((s) => s.kindName === 'SERVER').map((s) => s.name);
const RANDOM = 0x02;
const SAMPLED = 0x01;

describe('@otelkit/samplers through @otelkit/node, configured by environment only', () => {
  test('OTELKIT_SAMPLER=rules: health dropped, /payments/** kept at 100% with th:0 and the random flag on the wire, the rest at 0%', async () => {
    const rules = {
      rules: [
        { name: 'health', route: '/health', drop: true },
        { name: 'payments', route: '/payments/**', ratio: 1 },
      ],
      default: 0,
    };
    const { proc, port } = await startApp({
      script: 'sampling-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.url, {
        OTELKIT_SAMPLER: 'rules',
        OTELKIT_SAMPLER_ARG: JSON.stringify(rules),
      }),
    });
    for (let i = 0; i < 5; i++) await get(port, '/health');
    for (let i = 0; i < 5; i++) await get(port, '/ok');
    const paid = await get(port, '/payments/42');
    await receiver.waitForSpans((s) => servers(s).includes('GET /echo'));
    proc.kill('SIGTERM');
    const { stderr } = await proc.exited;
    expect(otelkitLines(stderr).filter((l) => /warn|samplers/i.test(l))).toEqual([]);

    const spans = receiver.spans;
    expect(servers(spans).sort()).toEqual(['GET /echo', 'GET /payments/:id']);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    for (const span of spans) {
      expect(span.traceState).toBe('ot=th:0');
      expect((span.flags ?? 0) & 0xff).toBe(SAMPLED | RANDOM);
    }
    // The outgoing call carried the random flag (03) and the threshold to the next service.
    const { traceparent } = JSON.parse(paid.body) as { traceparent: string };
    expect(traceparent).toMatch(new RegExp(`^00-${spans[0]!.traceId}-[0-9a-f]{16}-03$`));
  });

  test('OTELKIT_SAMPLER=balanced with ratio 0: only the error trace and the slow trace reach the receiver, whole', async () => {
    const { proc, port } = await startApp({
      script: 'sampling-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.url, {
        OTELKIT_SAMPLER: 'balanced',
        OTELKIT_SAMPLER_ARG: 'ratio=0,slowMs=200',
      }),
    });
    for (let i = 0; i < 5; i++) await get(port, '/ok');
    expect((await get(port, '/fail')).status).toBe(500);
    await get(port, '/slow');
    await receiver.waitForSpans(
      (s) => servers(s).includes('GET /fail') && servers(s).includes('GET /slow'),
    );
    proc.kill('SIGTERM');
    await proc.exited;

    const spans = receiver.spans;
    expect(servers(spans).sort()).toEqual(['GET /fail', 'GET /slow']);
    const failTrace = spans.filter(
      (s) => s.traceId === spans.find((x) => x.name === 'GET /fail')!.traceId,
    );
    // The whole local trace is kept: the server span and the express spans under it.
    expect(failTrace.length).toBeGreaterThan(1);
    expect(failTrace.some((s) => s.status.code === 2)).toBe(true);
    for (const span of spans) {
      // Kept by the tail, not by a probability: exported as sampled, with no th (adjusted count unknown).
      expect((span.flags ?? 0) & 0xff).toBe(SAMPLED | RANDOM);
      expect(span.traceState ?? '').not.toMatch(/th:/);
    }
  });

  test('shutdown flushes traces still waiting for their tail decision', async () => {
    const { proc, port } = await startApp({
      script: 'sampling-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.url, { OTELKIT_SAMPLER: 'errors-and-slow' }),
    });
    await get(port, '/fail');
    // SIGTERM right away: the 1 s grace period has not passed, shutdown must decide and export.
    proc.kill('SIGTERM');
    await proc.exited;
    expect(servers(receiver.spans)).toEqual(['GET /fail']);
  });

  test('an unknown OTELKIT_SAMPLER gives one clear warning and falls back to balanced', async () => {
    const { proc, port } = await startApp({
      script: 'sampling-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.url, { OTELKIT_SAMPLER: 'cheap', OTEL_LOG_LEVEL: 'info' }),
    });
    await get(port, '/ok');
    proc.kill('SIGTERM');
    const { stderr } = await proc.exited;
    const lines = otelkitLines(stderr);
    expect(lines.filter((l) => l.includes('OTELKIT_SAMPLER'))).toEqual([
      '@otelkit/samplers: OTELKIT_SAMPLER="cheap" is not one of dev, balanced, cost-saver, errors-and-slow, ratio, rules; using "balanced"',
    ]);
    expect(lines.some((l) => l.includes('sampler balanced (parent-based 10%'))).toBe(true);
  });
});
