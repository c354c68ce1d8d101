import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  runFixture,
  spawnFixture,
  startReceiver,
  type FixtureResult,
  type OtlpReceiver,
} from '@otelkit/testing';
import { fixturesDir, otelEnv, otelkitLines, REQUIRE } from './support/app';
import {
  authChecking,
  bearerOf,
  claimsOf,
  ERROR_BODY_SECRET,
  startTokenServer,
  type FakeTokenServer,
  type TokenMode,
} from './support/fake-token-servers';

// Issue 22: credentials that rotate, configured by env only, through `node --require @otelkit/node/register`:
// Google ID tokens from a (fake) metadata server, OAuth2 client credentials, a token file; a collector that takes
// only a current token; token endpoints that fail. No token or secret is ever in the app's output.
jest.setTimeout(90_000);

const CLIENT_SECRET = 'cl13nt-s3cret-integration';
const cwd = path.join(fixturesDir, 'node');
const dir = mkdtempSync(path.join(tmpdir(), 'otelkit-collector-auth-'));

let receiver: OtlpReceiver | undefined;
let tokens: FakeTokenServer | undefined;
afterEach(async () => {
  await Promise.all([receiver?.close(), tokens?.close()]);
  receiver = tokens = undefined;
});

const steady = (endpoint: string, env: Record<string, string>, seconds: number) =>
  spawnFixture({
    script: 'steady-spans.js',
    cwd,
    nodeArgs: REQUIRE,
    timeoutMs: 60_000,
    env: otelEnv(endpoint, { FIXTURE_SECONDS: String(seconds), OTEL_LOG_LEVEL: 'all', ...env }),
  });

/** Everything the app printed, for the no-secret checks. */
const output = (result: FixtureResult) => `${result.stdout}\n${result.stderr}`;
const spansMade = (result: FixtureResult) => Number(/spans (\d+)/.exec(result.stdout)?.[1]);
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

test('gcp-id-token: tokens that expire after 3 s, 20 s of steady spans: every export carries a current token, none fails, the audience is the collector origin', async () => {
  tokens = await startTokenServer({ lifetimeMillis: 3000 });
  const t = tokens;
  receiver = await startReceiver({ respond: authChecking((token) => t.isCurrent(token)) });
  const app = steady(
    receiver.url,
    { OTELKIT_EXPORTER_AUTH: 'gcp-id-token', GCE_METADATA_HOST: t.host },
    20,
  );
  const result = await app.exited;
  expect(result.code).toBe(0);
  const made = spansMade(result);
  expect(made).toBeGreaterThan(100);
  await receiver.waitForSpans(made);
  expect({
    statuses: [...new Set(receiver.requests.map((r) => r.responseStatus))],
    audiences: [...new Set(t.asked.map((a) => a.audience))],
    tokenAudiences: [
      ...new Set(receiver.requests.map((r) => claimsOf(bearerOf(r.headers) ?? '')?.aud)),
    ],
    flavors: [...new Set(t.asked.map((a) => a.flavor))],
    failures: failures(result),
  }).toEqual({
    statuses: [200],
    audiences: [receiver.url],
    tokenAudiences: [receiver.url],
    flavors: ['Google'],
    failures: [],
  });
  // Renewed ahead of expiry in the background: about one token per 2.25 s, each used by many exports.
  expect(t.issued.length).toBeGreaterThanOrEqual(7);
  expect(t.issued.length).toBeLessThanOrEqual(14);
  for (const token of t.issued) expect(output(result)).not.toContain(token);
  expect(untraced(receiver, '/identity')).toEqual([]);
});

test('oauth2 with a secret file, a collector that rejects a token once with 401: exactly one refresh, the batch delivered, one line', async () => {
  const secretFile = path.join(dir, 'client-secret');
  writeFileSync(secretFile, `${CLIENT_SECRET}\n`);
  tokens = await startTokenServer({
    lifetimeMillis: 3_600_000,
    clientId: 'svc-shop',
    clientSecret: CLIENT_SECRET,
  });
  const t = tokens;
  receiver = await startReceiver({
    respond: authChecking((token) => t.isCurrent(token), { refuseFirst: true }),
  });
  const result = await runFixture({
    script: 'hello.js',
    cwd,
    nodeArgs: REQUIRE,
    env: otelEnv(receiver.url, {
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
  expect({
    tokenRequests: t.asked.length,
    scope: t.asked[0].form?.get('scope'),
    statuses: receiver.requests.map((r) => r.responseStatus),
    lines: failures(result),
  }).toEqual({
    tokenRequests: 2,
    scope: 'traces.write',
    statuses: [401, 200],
    lines: [
      expect.stringMatching(
        /refused the credentials \(HTTP 401\); fetching new ones and retrying once$/,
      ),
    ],
  });
  for (const secret of [CLIENT_SECRET, ...t.issued]) expect(output(result)).not.toContain(secret);
  expect(untraced(receiver, '/token')).toEqual([]);
});

test('bearer-file: the file rewritten mid-run, the next exports carry the new token', async () => {
  const file = path.join(dir, 'token');
  writeFileSync(file, 'first-t0ken-integration\n');
  let current = 'first-t0ken-integration';
  receiver = await startReceiver({ respond: authChecking((token) => token === current) });
  const r = receiver;
  const app = steady(r.url, { OTELKIT_EXPORTER_AUTH: `bearer-file:${file}` }, 4);
  await r.waitForSpans(5);
  // The kubelet's way: the new token written aside and moved over the old one; the old one revoked at once.
  writeFileSync(`${file}.new`, 'second-t0ken-integration');
  current = 'second-t0ken-integration';
  renameSync(`${file}.new`, file);
  const result = await app.exited;
  expect(result.code).toBe(0);
  await r.waitForSpans(spansMade(result));
  const used = r.requests.map((q) => bearerOf(q.headers));
  expect({
    first: used[0],
    last: used[used.length - 1],
    refusedAtMostOnce: r.requests.filter((q) => q.responseStatus !== 200).length <= 1,
  }).toEqual({
    first: 'first-t0ken-integration',
    last: 'second-t0ken-integration',
    refusedAtMostOnce: true,
  });
  expect(output(result)).not.toContain('t0ken-integration');
});

describe('a token endpoint that fails: one line, the app runs and exits as usual, no secret, token or body printed', () => {
  const CAUSES: Record<TokenMode, RegExp> = {
    ok: /never/,
    fails: /answered HTTP 400 \(/,
    hangs: /gave no answer within 1000 ms \(/,
    garbage:
      /answered (with something that is not an ID token|HTTP 200 without a usable access_token) \(/,
    huge: /answered with more than 64 KiB \(/,
  };
  const modes: TokenMode[] = ['fails', 'hangs', 'garbage', 'huge'];
  // Every cause at the default level; the one whose body echoes the secret also at the quietest and loudest.
  const cases = modes.flatMap((mode) =>
    (['oauth2', 'gcp-id-token'] as const).flatMap((kind) =>
      (mode === 'fails' ? (['warn', 'info', 'all'] as const) : (['info'] as const)).map(
        (level) =>
          [`${kind}, endpoint ${mode}, OTEL_LOG_LEVEL=${level}`, kind, mode, level] as const,
      ),
    ),
  );
  test.concurrent.each(cases)('%s', async (_title, kind, mode, level) => {
    const t = await startTokenServer({
      lifetimeMillis: 3_600_000,
      clientId: 'svc-shop',
      clientSecret: CLIENT_SECRET,
    });
    const r = await startReceiver();
    try {
      t.mode = mode;
      const env =
        kind === 'oauth2'
          ? {
              OTELKIT_EXPORTER_AUTH: 'oauth2',
              OTELKIT_OAUTH2_TOKEN_URL: t.tokenUrl,
              OTELKIT_OAUTH2_CLIENT_ID: 'svc-shop',
              OTELKIT_OAUTH2_CLIENT_SECRET: CLIENT_SECRET,
            }
          : { OTELKIT_EXPORTER_AUTH: 'gcp-id-token', GCE_METADATA_HOST: t.host };
      const result = await runFixture({
        script: 'hello.js',
        cwd,
        nodeArgs: REQUIRE,
        env: otelEnv(r.url, {
          ...env,
          OTEL_LOG_LEVEL: level,
          OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
          OTELKIT_SHUTDOWN_TIMEOUT: '3000',
        }),
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('status 200');
      const naming = otelkitLines(result.stderr).filter((line) =>
        line.includes(kind === 'oauth2' ? 'the OAuth2 endpoint' : 'the metadata server'),
      );
      expect(naming).toEqual([expect.stringMatching(CAUSES[mode])]);
      for (const secret of [CLIENT_SECRET, ERROR_BODY_SECRET])
        expect(output(result)).not.toContain(secret);
    } finally {
      await Promise.all([t.close(), r.close()]);
    }
  });
});
