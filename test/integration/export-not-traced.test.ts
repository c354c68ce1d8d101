import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runFixture } from '@otelkit/testing';
import { fixturesDir, otelEnv, useReceiver } from './support/app';

jest.setTimeout(60_000);

const receiver = useReceiver();

test("a custom exporter's own HTTP call, behind OtelkitBatchSpanProcessor, is not traced", async () => {
  let sideCalls = 0;
  const side = http.createServer((_req, res) => {
    sideCalls++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => side.listen(0, '127.0.0.1', resolve));
  const sideUrl = `http://127.0.0.1:${(side.address() as AddressInfo).port}/vendor-api`;
  try {
    const result = await runFixture({
      script: 'custom-exporter-app.js',
      cwd: path.join(fixturesDir, 'node'),
      env: otelEnv(receiver.current.url, { SIDE_URL: sideUrl }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/custom exporter calls [1-9]/);
    expect(sideCalls).toBeGreaterThan(0); // the call happened, with instrumentation-http active
    const names = receiver.current.spans.map((s) => s.name);
    expect(names).toContain('work'); // otelkit's own export works and carries the app's span
    expect(names.filter((n) => n !== 'work')).toEqual([]); // and nothing of the exporter's call
  } finally {
    await new Promise((resolve) => side.close(resolve));
  }
});
