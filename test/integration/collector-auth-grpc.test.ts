import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  runFixture,
  spawnFixture,
  startGrpcReceiver,
  type FixtureResult,
  type GrpcReceiverOptions,
  type OtlpReceiver,
} from '@otelkit/testing';
import { fixturesDir, otelEnv, otelkitLines, REQUIRE } from './support/app';
import {
  bearerOf,
  claimsOf,
  startTokenServer,
  type FakeTokenServer,
} from './support/fake-token-servers';

// Issue 22 over OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the credential providers and headers functions of OTLP/HTTP, sent
// as grpc-js call credentials to a real gRPC collector over TLS (a private CA) on loopback. The collector takes only
// a current token; UNAUTHENTICATED is gRPC's 401. No token or secret is ever in the app's output.
jest.setTimeout(90_000);

const CLIENT_SECRET = 'cl13nt-s3cret-grpc';
const cwd = path.join(fixturesDir, 'node');
const tls = (name: string) => path.join(fixturesDir, 'tls', name);
const dir = mkdtempSync(path.join(tmpdir(), 'otelkit-collector-auth-grpc-'));
const UNAUTHENTICATED = 16;

let receiver: OtlpReceiver | undefined;
let tokens: FakeTokenServer | undefined;
afterEach(async () => {
  await Promise.all([receiver?.close(), tokens?.close()]);
  receiver = tokens = undefined;
});

/** A gRPC collector on loopback over TLS, with the certificate of test/fixtures/tls (signed by its ca.pem). */
const startTlsCollector = (respond?: GrpcReceiverOptions['respond']) =>
  startGrpcReceiver({
    tls: { cert: readFileSync(tls('server.pem')), key: readFileSync(tls('server.key')) },
    respond,
  });

/**
 * A collector hook that lets through only calls whose bearer token `accepts`; with `refuseFirst`, the first call
 * that carries an acceptable token is answered UNAUTHENTICATED all the same (a token revoked early).
 */
function grpcAuthChecking(
  accepts: (token: string) => boolean,
  { refuseFirst = false } = {},
): GrpcReceiverOptions['respond'] {
  let refused = !refuseFirst;
  return (req) => {
    const token = bearerOf(req.headers);
    if (token === undefined || !accepts(token)) return { code: UNAUTHENTICATED };
    if (!refused) {
      refused = true;
      return { code: UNAUTHENTICATED };
    }
    return undefined;
  };
}

const grpcEnv = (endpoint: string, extra: Record<string, string>) =>
  otelEnv(endpoint, {
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_EXPORTER_OTLP_CERTIFICATE: tls('ca.pem'),
    ...extra,
  });

const steady = (endpoint: string, env: Record<string, string>, seconds: number) =>
  spawnFixture({
    script: 'steady-spans.js',
    cwd,
    nodeArgs: REQUIRE,
    timeoutMs: 60_000,
    env: grpcEnv(endpoint, { FIXTURE_SECONDS: String(seconds), OTEL_LOG_LEVEL: 'all', ...env }),
  });

/** Everything the app printed, for the no-secret checks. */
const output = (result: FixtureResult) => `${result.stdout}\n${result.stderr}`;
const spansMade = (result: FixtureResult) => Number(/spans (\d+)/.exec(result.stdout)?.[1]);
const startLine = (result: FixtureResult) =>
  otelkitLines(result.stderr).find((line) => line.includes('tracing service'));
/** Spans of token requests (there must be none: they run untraced, as exports do). */
const untraced = (r: OtlpReceiver, pathPart: string) =>
  r.spans
    .filter((span) => JSON.stringify(span.attributes).includes(pathPart))
    .map((span) => span.name);
/** Lines that say an export failed or spans were lost. */
const failures = (result: FixtureResult) =>
  otelkitLines(result.stderr).filter((line) =>
    /fail|lost|dropped|refused|not sent|unsent/i.test(line),
  );

test('gcp-id-token: tokens that expire after 3 s, 12 s of steady spans: every call carries a current token, none fails, the audience is the collector origin', async () => {
  tokens = await startTokenServer({ lifetimeMillis: 3000 });
  const t = tokens;
  receiver = await startTlsCollector(grpcAuthChecking((token) => t.isCurrent(token)));
  const app = steady(
    receiver.url,
    { OTELKIT_EXPORTER_AUTH: 'gcp-id-token', GCE_METADATA_HOST: t.host },
    12,
  );
  const result = await app.exited;
  expect(result.code).toBe(0);
  const made = spansMade(result);
  expect(made).toBeGreaterThan(60);
  await receiver.waitForSpans(made);
  expect({
    statuses: [...new Set(receiver.requests.map((r) => r.grpcStatus))],
    audiences: [...new Set(t.asked.map((a) => a.audience))],
    tokenAudiences: [
      ...new Set(receiver.requests.map((r) => claimsOf(bearerOf(r.headers) ?? '')?.aud)),
    ],
    failures: failures(result),
    startLine: startLine(result),
  }).toEqual({
    statuses: [0],
    audiences: [receiver.url],
    tokenAudiences: [receiver.url],
    failures: [],
    startLine: expect.stringContaining(`→ ${receiver.url} (grpc); auth gcp-id-token; `),
  });
  // Renewed ahead of expiry in the background, about one token per 2.25 s.
  expect(t.issued.length).toBeGreaterThanOrEqual(4);
  expect(t.issued.length).toBeLessThanOrEqual(9);
  for (const token of t.issued) expect(output(result)).not.toContain(token);
  expect(untraced(receiver, '/identity')).toEqual([]);
});

test('oauth2 with a secret file, a collector that refuses a token once with UNAUTHENTICATED: exactly one refresh, the batch delivered, one line', async () => {
  const secretFile = path.join(dir, 'client-secret');
  writeFileSync(secretFile, `${CLIENT_SECRET}\n`);
  tokens = await startTokenServer({
    lifetimeMillis: 3_600_000,
    clientId: 'svc-shop',
    clientSecret: CLIENT_SECRET,
  });
  const t = tokens;
  receiver = await startTlsCollector(
    grpcAuthChecking((token) => t.isCurrent(token), { refuseFirst: true }),
  );
  const result = await runFixture({
    script: 'hello.js',
    cwd,
    nodeArgs: REQUIRE,
    env: grpcEnv(receiver.url, {
      OTELKIT_EXPORTER_AUTH: 'oauth2',
      OTELKIT_OAUTH2_TOKEN_URL: t.tokenUrl,
      OTELKIT_OAUTH2_CLIENT_ID: 'svc-shop',
      OTELKIT_OAUTH2_CLIENT_SECRET_FILE: secretFile,
      OTELKIT_OAUTH2_SCOPES: 'traces.write',
      OTEL_LOG_LEVEL: 'all',
    }),
  });
  expect(result.code).toBe(0);
  await receiver.waitForSpans(2);
  const used = receiver.requests.map((r) => bearerOf(r.headers));
  expect({
    tokenRequests: t.asked.length,
    scope: t.asked[0].form?.get('scope'),
    statuses: receiver.requests.map((r) => r.grpcStatus),
    tokens: used.map((token) => t.issued.indexOf(token ?? '')),
    lines: failures(result),
  }).toEqual({
    tokenRequests: 2,
    scope: 'traces.write',
    statuses: [UNAUTHENTICATED, 0],
    tokens: [0, 1],
    lines: [
      expect.stringMatching(
        /refused the credentials \(gRPC UNAUTHENTICATED\); fetching new ones and retrying once$/,
      ),
    ],
  });
  for (const secret of [CLIENT_SECRET, ...t.issued]) expect(output(result)).not.toContain(secret);
  expect(untraced(receiver, '/token')).toEqual([]);
});

test('bearer-file: the file rewritten mid-run, the next calls carry the new token (in place of a fixed authorization header, next to the other fixed ones)', async () => {
  const file = path.join(dir, 'token');
  writeFileSync(file, 'first-t0ken-grpc\n');
  let current = 'first-t0ken-grpc';
  receiver = await startTlsCollector(grpcAuthChecking((token) => token === current));
  const r = receiver;
  const app = steady(
    r.url,
    {
      OTELKIT_EXPORTER_AUTH: `bearer-file:${file}`,
      // The provider's authorization replaces this one (grpc-js refuses a call with two).
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer fixed-t0ken-grpc,x-team=checkout',
    },
    4,
  );
  await r.waitForSpans(5);
  // The kubelet's way: the new token written aside and moved over the old one; the old one revoked at once.
  writeFileSync(`${file}.new`, 'second-t0ken-grpc');
  current = 'second-t0ken-grpc';
  renameSync(`${file}.new`, file);
  const result = await app.exited;
  expect(result.code).toBe(0);
  await r.waitForSpans(spansMade(result));
  const used = r.requests.map((q) => bearerOf(q.headers));
  expect({
    first: used[0],
    last: used[used.length - 1],
    refusedAtMostOnce: r.requests.filter((q) => q.grpcStatus !== 0).length <= 1,
    teams: [...new Set(r.requests.map((q) => q.headers['x-team']))],
  }).toEqual({
    first: 'first-t0ken-grpc',
    last: 'second-t0ken-grpc',
    refusedAtMostOnce: true,
    teams: ['checkout'],
  });
  expect(output(result)).not.toContain('t0ken-grpc');
});

test('a headers function: its headers arrive as metadata (in place of the env headers, as over OTLP/HTTP); the start-up line names it', async () => {
  receiver = await startTlsCollector();
  const result = await runFixture({
    script: 'headers-function-app.js',
    cwd,
    env: grpcEnv(receiver.url, {
      FIXTURE_API_KEY: 'k3y-from-function-grpc',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=checkout,x-api-key=stale-k3y-grpc',
      OTEL_LOG_LEVEL: 'all',
    }),
  });
  expect(result.code).toBe(0);
  await receiver.waitForSpans(1);
  const [call] = receiver.requests;
  expect({
    key: call.headers['x-api-key'],
    team: call.headers['x-team'],
    call: call.headers['x-call'],
    startLine: startLine(result),
    failures: failures(result),
  }).toEqual({
    key: 'k3y-from-function-grpc',
    team: undefined,
    call: '1',
    startLine: expect.stringContaining(`(grpc); headers function; `),
    failures: [],
  });
  expect(output(result)).not.toContain('k3y');
});

test('a plaintext (http://) gRPC collector: one line says the credentials are not sent (gRPC sends them over TLS only), spans still go', async () => {
  const file = path.join(dir, 'plain-token');
  writeFileSync(file, 'plaintext-t0ken-grpc\n');
  receiver = await startGrpcReceiver();
  const result = await runFixture({
    script: 'hello.js',
    cwd,
    nodeArgs: REQUIRE,
    env: otelEnv(receiver.url, {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTELKIT_EXPORTER_AUTH: `bearer-file:${file}`,
    }),
  });
  expect(result.code).toBe(0);
  await receiver.waitForSpans(2);
  expect({
    authorization: receiver.requests.map((r) => r.headers.authorization),
    lines: failures(result),
  }).toEqual({
    authorization: [undefined],
    lines: [
      `@otelkit/node: auth bearer-file not sent to ${receiver.url} (grpc): gRPC sends credentials over TLS only; use an https:// endpoint`,
    ],
  });
  expect(output(result)).not.toContain('t0ken-grpc');
});
