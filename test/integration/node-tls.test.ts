import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runFixture, startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { fixturesDir, otelEnv, otelkitLines, REQUIRE } from './support/app';

jest.setTimeout(60_000);

// A collector behind TLS with a private CA, and one that also wants a client certificate: the app is
// configured by env only, through `node --require @otelkit/node/register`.
const tls = (name: string) => path.join(fixturesDir, 'tls', name);
let server: OtlpReceiver;
let mutual: OtlpReceiver;
beforeAll(async () => {
  const certificate = {
    cert: readFileSync(tls('server.pem')),
    key: readFileSync(tls('server.key')),
  };
  server = await startReceiver({ tls: certificate });
  mutual = await startReceiver({ tls: { ...certificate, clientCa: readFileSync(tls('ca.pem')) } });
});
afterAll(() => Promise.all([server.close(), mutual.close()]));

const hello = (endpoint: string, env: Record<string, string>) =>
  runFixture({
    script: 'hello.js',
    cwd: path.join(fixturesDir, 'node'),
    nodeArgs: REQUIRE,
    env: otelEnv(endpoint, { OTEL_EXPORTER_OTLP_TIMEOUT: '2000', ...env }),
  });

test('OTEL_EXPORTER_OTLP_CERTIFICATE: spans reach an https collector whose CA Node does not know', async () => {
  const result = await hello(server.url, { OTEL_EXPORTER_OTLP_CERTIFICATE: tls('ca.pem') });
  expect(result.code).toBe(0);
  const spans = await server.waitForSpans(2);
  expect(spans.map((s) => s.kindName).sort()).toEqual(['CLIENT', 'SERVER']);
});

test('client certificate and key from env: spans reach a collector that requires mutual TLS', async () => {
  const result = await hello(mutual.url, {
    OTEL_EXPORTER_OTLP_CERTIFICATE: tls('ca.pem'),
    OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: tls('client.pem'),
    OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: tls('client.key'),
  });
  expect(result.code).toBe(0);
  await mutual.waitForSpans(2);
});

test('an unreadable certificate file: one line naming it, the app runs and exits as usual, the loss is reported', async () => {
  mutual.clear();
  const result = await hello(mutual.url, {
    OTEL_EXPORTER_OTLP_CERTIFICATE: tls('missing.pem'),
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('status 200');
  const lines = otelkitLines(result.stderr);
  expect(lines.filter((l) => l.includes('missing.pem'))).toEqual([
    expect.stringMatching(
      /^@otelkit\/export: OTEL_EXPORTER_OTLP_CERTIFICATE ".*missing\.pem" cannot be read \(ENOENT\); using Node's trusted CAs$/,
    ),
  ]);
  expect(mutual.spans).toHaveLength(0);
  // The flush at exit gets one attempt, which the collector refuses (no client certificate): reported in
  // one line with its cause, not silent and not repeated by a processor line or the exit summary.
  expect(lines.filter((l) => /spans|export/.test(l) && !l.includes('missing.pem'))).toEqual([
    expect.stringMatching(
      /^@otelkit\/node: could not export 2 spans to https:.*: .+; 2 spans not delivered since start$/,
    ),
  ]);
});
