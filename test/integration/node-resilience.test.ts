import { startReceiver, runFixture } from '@otelkit/testing';
import path from 'node:path';
import {
  fixturesDir,
  get,
  otelEnv,
  otelkitLines,
  REQUIRE,
  startApp,
  useReceiver,
  sendWork,
} from './support/app';

jest.setTimeout(90_000);

const receiver = useReceiver();

const cwd = path.join(fixturesDir, 'node');

describe('collector unreachable', () => {
  test('1,000 requests all succeed, no crash, and export failures are reported a bounded number of times', async () => {
    // Port 9 (discard) on loopback: nothing listens, every export is refused at once.
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: REQUIRE,
      env: otelEnv('http://127.0.0.1:9', {
        OTEL_BSP_SCHEDULE_DELAY: '20',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
      }),
    });
    expect(await sendWork(port, 1000)).toBe(1000);
    // The exporter retries a refused connection with backoff before it gives a batch up; the warning comes then.
    await proc.waitForOutput(/could not export/, { stream: 'stderr', timeoutMs: 30_000 });
    expect(await sendWork(port, 200)).toBe(200); // still serving while exports keep failing
    proc.kill('SIGTERM');
    const result = await proc.exited;
    expect(result.signal).toBe('SIGTERM'); // died of the signal like an untraced app, not of a crash
    const lines = otelkitLines(result.stderr);
    const exportWarnings = lines.filter((l) => l.includes('could not export'));
    expect(exportWarnings.length).toBeGreaterThanOrEqual(1);
    expect(exportWarnings.length).toBeLessThanOrEqual(2);
    expect(exportWarnings[0]).toMatch(
      /to http:\/\/127\.0\.0\.1:9\/v1\/traces \(http\/protobuf\): .+; \d+ spans not delivered since start/,
    );
    expect(
      lines.some((l) => /\d+ spans could not be delivered to http:\/\/127\.0\.0\.1:9/.test(l)),
    ).toBe(true);
    expect(result.stderr).not.toMatch(/Unhandled|UnhandledPromiseRejection|\n\s+at |stack|\\n/);
    // one warning about export failures, no matter how many batches failed: no second upstream copy of it
    expect(
      lines.filter((l) => /ECONNREFUSED|export limit/.test(l) && !l.includes('could not export')),
    ).toEqual([]);
  });

  test('a script that ends on its own, collector answering 503: one attempt at exit, the loss reported in one line', async () => {
    const refusing = await startReceiver({ respond: () => ({ status: 503 }) });
    // Long shutdown timeout: with retries (1 s, 1.5 s, … backoff) the exit would wait them out.
    const result = await runFixture({
      script: 'hello.js',
      cwd,
      nodeArgs: REQUIRE,
      env: otelEnv(refusing.url, { OTELKIT_SHUTDOWN_TIMEOUT: '120000' }),
    });
    await refusing.close();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('status 200');
    expect(refusing.requests.map((r) => r.responseStatus)).toEqual([503]);
    const lines = otelkitLines(result.stderr);
    // The failure line names the cause and the total; no processor line or exit summary repeats it.
    expect(lines.filter((l) => !l.includes('tracing service'))).toEqual([
      expect.stringMatching(
        /^@otelkit\/node: could not export 2 spans to http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(http\/protobuf\): HTTP 503; 2 spans not delivered since start$/,
      ),
    ]);
  });

  test("an exporter answering on an unref'd timer still gets the spans of a script that ends on its own", async () => {
    const result = await runFixture({
      script: 'slow-exporter.js',
      cwd,
      env: otelEnv(receiver.current.url),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('exported 1');
  });
});

describe('collector slow', () => {
  test('a collector that never answers: requests still succeed, the queue stays bounded and drops are reported', async () => {
    const hanging = await startReceiver({ respond: () => new Promise(() => undefined) });
    try {
      const { proc, port } = await startApp({
        script: 'express-app.js',
        nodeArgs: REQUIRE,
        env: otelEnv(hanging.url, {
          OTEL_BSP_MAX_QUEUE_SIZE: '200',
          OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
          OTELKIT_SHUTDOWN_TIMEOUT: '1000',
        }),
      });
      let ok = 0;
      for (let batch = 0; batch < 20; batch++) {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => get(port, `/work?n=${batch * 50 + i}`)),
        );
        ok += results.filter((r) => r.status === 200).length;
      }
      expect(ok).toBe(1000);
      const signalledAt = Date.now();
      proc.kill('SIGTERM');
      const result = await proc.exited;
      expect(result.signal).toBe('SIGTERM');
      expect(Date.now() - signalledAt).toBeLessThan(4_000); // the 1 s shutdown bound, not the 60 s export timeout
      const lines = otelkitLines(result.stderr);
      // One line says why the flush ended and what was lost: the exports the collector never answered are failed
      // exports (abandoned at the deadline), the rest was dropped by the full queue or still queued.
      expect(lines).toContainEqual(
        expect.stringMatching(
          /SIGTERM: flush did not finish within 1000 ms: \d+ spans could not be delivered to .* \(of \d+: [1-9]\d* in failed exports, [1-9]\d* dropped by a full queue or unsent at exit\)$/,
        ),
      );
      expect(lines.length).toBeLessThanOrEqual(5);
    } finally {
      await hanging.close();
    }
  });
});

describe('SIGTERM during load', () => {
  test('every span ended before the signal reaches the receiver and the process exits promptly', async () => {
    const { proc, port } = await startApp({
      script: 'express-app.js',
      nodeArgs: REQUIRE,
      // A long schedule delay: only the shutdown flush can deliver these spans.
      env: otelEnv(receiver.current.url, { OTEL_BSP_SCHEDULE_DELAY: '60000' }),
    });
    const answered: number[] = [];
    let n = 0;
    let stop = false;
    const load = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const id = n++;
        try {
          const res = await get(port, `/work?n=${id}`);
          if (res.status === 200 && !stop) answered.push(id);
        } catch {
          return; // the server went away
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    const signalledAt = Date.now();
    proc.kill('SIGTERM');
    const result = await proc.exited;
    const exitMs = Date.now() - signalledAt;
    await Promise.all(load);
    expect(result.signal).toBe('SIGTERM');
    expect(exitMs).toBeLessThan(5_000); // the documented shutdown bound
    expect(answered.length).toBeGreaterThan(50);
    const exported = new Set(
      receiver.current.spans
        .filter((s) => s.name === 'GET /work')
        .map((s) => String(s.attributes['url.query'] ?? s.attributes['http.target'])),
    );
    const missing = answered.filter((id) => ![...exported].some((q) => q.endsWith(`n=${id}`)));
    expect(missing).toEqual([]);
  });
});

describe('diagnostics a user can act on', () => {
  test('a module loaded before start() is named in a warning', async () => {
    const result = await runFixture({
      script: 'loaded-too-early.js',
      cwd,
      env: otelEnv('http://127.0.0.1:9'),
    });
    expect(result.code).toBe(0);
    expect(otelkitLines(result.stderr)).toContainEqual(
      expect.stringMatching(
        /these modules were loaded before otelkit started and will not be traced: express\b/,
      ),
    );
  });

  test('another TracerProvider registered first is reported', async () => {
    const result = await runFixture({
      script: 'other-provider.js',
      cwd,
      env: otelEnv('http://127.0.0.1:9'),
    });
    expect(result.code).toBe(0);
    expect(otelkitLines(result.stderr)).toContainEqual(
      expect.stringMatching(/another TracerProvider \(BasicTracerProvider\) was registered/),
    );
  });

  test('the startup line names service, endpoint, sampler and instrumentation count; the first delivery says so', async () => {
    const result = await runFixture({
      script: 'hello.js',
      cwd,
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url),
    });
    expect(result.code).toBe(0);
    expect(otelkitLines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^@otelkit/node: tracing service "node-fixtures" → ${receiver.current.tracesUrl} \\(http/protobuf\\); sampler parentbased_always_on; propagators tracecontext,baggage; \\d+ instrumentations, loaded with their libraries; started by --require$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^@otelkit/node: first spans delivered to ${receiver.current.tracesUrl} \\(http/protobuf\\) \\(\\d+ spans\\)$`,
        ),
      ),
    ]);
    // beforeExit flushed the spans of a process that ended on its own
    expect(receiver.current.spans.some((s) => s.name === 'GET' && s.kindName === 'CLIENT')).toBe(
      true,
    );
    // exports run with tracing suppressed: the exporter's own POST never shows up as a span
    expect(
      receiver.current.spans.filter((s) =>
        /v1\/traces/.test(String(s.attributes['url.full'] ?? s.attributes['url.path'] ?? '')),
      ),
    ).toEqual([]);
    expect(receiver.current.spans.filter((s) => s.name === 'POST')).toEqual([]);
  });

  test('worker threads do not start a second SDK', async () => {
    const result = await runFixture({
      script: 'worker.js',
      cwd,
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url),
    });
    expect(result.stdout).toContain('worker says hi');
    expect(result.stdout).toContain('worker exited 0');
    expect(otelkitLines(result.stderr).filter((l) => l.includes('tracing service'))).toHaveLength(
      1,
    );
  });
});

describe('bad inputs never crash the app', () => {
  test.each<[string, Record<string, string>, RegExp]>([
    [
      'sampler arg out of range',
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '5' },
      /OTEL_TRACES_SAMPLER_ARG="5" is above the maximum 1; using 1/,
    ],
    [
      'unknown exporter',
      { OTEL_TRACES_EXPORTER: 'zipkin' },
      /OTEL_TRACES_EXPORTER="zipkin" names an unknown exporter/,
    ],
    [
      'unknown propagator',
      { OTEL_PROPAGATORS: 'tracecontext,carrier-pigeon' },
      /OTEL_PROPAGATORS="tracecontext,carrier-pigeon" names unknown entries/,
    ],
    [
      'malformed headers',
      { OTEL_EXPORTER_OTLP_HEADERS: 'authorization' },
      // The value is never shown: a headers variable holds credentials.
      /OTEL_EXPORTER_OTLP_HEADERS=\(13 characters, not shown\) has 1 malformed entry/,
    ],
    [
      'malformed endpoint',
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'localhost:4318/v1/traces' },
      /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="localhost:4318\/v1\/traces" is not an absolute/,
    ],
  ])('%s → one diagnostic line, the documented fallback, app runs', async (_what, env, line) => {
    // Point the fallback endpoint-less cases at the receiver through the general variable.
    const result = await runFixture({
      script: 'hello.js',
      cwd,
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url, env),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('status 200');
    const info = /tracing service|first spans delivered/;
    const lines = otelkitLines(result.stderr).filter((l) => !info.test(l));
    expect(lines).toEqual([expect.stringMatching(line)]);
    expect(result.stderr).not.toMatch(/OpenTelemetry:/);
  });

  test('a bad option in code throws a clear error from start()', async () => {
    const result = await runFixture({
      script: 'bad-options.js',
      cwd,
      env: otelEnv(receiver.current.url),
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      'caught: @otelkit/node: option samplerArg is 2; expected a number from 0 to 1',
    );
  });
});
