import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { createDiagnostics, redactText } from '@otelkit/core';
import { OtlpHttpSpanExporter, type OtlpAuthOptions } from '@otelkit/export';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import {
  authChecking,
  bearerOf,
  ERROR_BODY_SECRET,
  fakeJwt,
  startTokenServer,
  type FakeTokenServer,
  type TokenMode,
} from '../../../../test/integration/support/fake-token-servers';
import { jwtLifetimeMillis } from '../../src/auth/jwt-lifetime';
import { buildCorpus } from '../helpers/corpus';
import { exportOnce } from '../helpers/export-with';

const spans = buildCorpus().slice(0, 2);
const CLIENT_SECRET = 'cl13nt-s3cret-value';
const dir = mkdtempSync(path.join(tmpdir(), 'otelkit-auth-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let receiver: OtlpReceiver | undefined;
let tokens: FakeTokenServer | undefined;
afterEach(async () => {
  await Promise.all([receiver?.close(), tokens?.close()]);
  receiver = tokens = undefined;
});

function exporterFor(r: OtlpReceiver, auth: OtlpAuthOptions, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const diagnostics = createDiagnostics({
    prefix: '@otelkit/export',
    level: 'all',
    write: (l) => lines.push(l),
  });
  const retry = { initialBackoffMillis: 5, maxBackoffMillis: 20, maxAttempts: 2 };
  const exporter = new OtlpHttpSpanExporter(
    { url: r.tracesUrl, retry, timeoutMillis: 500, diagnostics, auth },
    env,
  );
  return { exporter, lines };
}

/** Exports every `everyMs` for `forMs`; resolves with each result code. */
async function steadily(
  exporter: OtlpHttpSpanExporter,
  forMs: number,
  everyMs = 100,
): Promise<string[]> {
  const codes: string[] = [];
  const end = Date.now() + forMs;
  while (Date.now() < end) {
    codes.push(ExportResultCode[(await exportOnce(exporter, spans)).code]);
    await sleep(everyMs);
  }
  return codes;
}

type Setup = (t: FakeTokenServer) => { auth: OtlpAuthOptions; env: Record<string, string> };

const gcp: Setup = (t) => ({
  auth: { type: 'gcp-id-token' } as OtlpAuthOptions,
  env: { GCE_METADATA_HOST: t.host },
});
const oauth2: Setup = (t) => ({
  auth: {
    type: 'oauth2',
    tokenUrl: t.tokenUrl,
    clientId: 'svc-shop',
    clientSecret: CLIENT_SECRET,
    scopes: ['traces.write', 'ingest'],
  } as OtlpAuthOptions,
  env: {},
});

describe('tokens that expire every 1.5 s: every export carries a current one, none fails, fetches stay few', () => {
  test.each([
    ['gcp-id-token', gcp],
    ['oauth2', oauth2],
  ])(
    '%s',
    async (_name, setup) => {
      tokens = await startTokenServer({
        lifetimeMillis: 1500,
        clientId: 'svc-shop',
        clientSecret: CLIENT_SECRET,
      });
      const t = tokens;
      receiver = await startReceiver({ respond: authChecking((token) => t.isCurrent(token)) });
      const { auth, env } = setup(t);
      const { exporter, lines } = exporterFor(receiver, auth, env);
      const codes = await steadily(exporter, 4000);
      await exporter.shutdown();
      expect(new Set(codes)).toEqual(new Set(['SUCCESS']));
      expect(new Set(receiver.requests.map((r) => r.responseStatus))).toEqual(new Set([200]));
      // Renewed ahead of expiry, in the background: about one fetch per 1.1 s, far fewer than the exports.
      expect(t.issued.length).toBeGreaterThanOrEqual(3);
      expect(t.issued.length).toBeLessThanOrEqual(8);
      expect(
        new Set(receiver.requests.map((r) => bearerOf(r.headers))).size,
      ).toBeGreaterThanOrEqual(3);
      expect(lines).toEqual([]);
      if (_name === 'gcp-id-token') {
        expect(new Set(t.asked.map((a) => `${a.audience} ${a.flavor}`))).toEqual(
          new Set([`${receiver.url} Google`]),
        );
      } else {
        expect(t.asked[0].form?.get('scope')).toBe('traces.write ingest');
      }
    },
    20_000,
  );
});

describe('a token endpoint that misbehaves: the export fails with one cause, no secret, body or token shown', () => {
  const cases: Array<[string, TokenMode, Setup, RegExp]> = [];
  for (const [name, setup] of [
    ['gcp-id-token', gcp],
    ['oauth2', oauth2],
  ] as const) {
    const who = name === 'gcp-id-token' ? 'the metadata server' : 'the OAuth2 endpoint';
    const where =
      name === 'gcp-id-token'
        ? '\\(127\\.0\\.0\\.1:\\d+, for gcp-id-token\\)'
        : '\\(http://127\\.0\\.0\\.1:\\d+/token\\)';
    const garbage =
      name === 'gcp-id-token'
        ? 'answered with something that is not an ID token'
        : 'answered HTTP 200 without a usable access_token';
    cases.push(
      [name, 'fails', setup, new RegExp(`${who} answered HTTP 400 ${where}$`)],
      [name, 'hangs', setup, new RegExp(`${who} gave no answer within 500 ms ${where}$`)],
      [name, 'garbage', setup, new RegExp(`${who} ${garbage} ${where}$`)],
      [name, 'huge', setup, new RegExp(`${who} answered with more than 64 KiB ${where}$`)],
    );
  }
  test.each(cases)('%s, endpoint %s', async (_name, mode, setup, cause) => {
    tokens = await startTokenServer({
      lifetimeMillis: 60_000,
      clientId: 'svc-shop',
      clientSecret: CLIENT_SECRET,
    });
    tokens.mode = mode;
    receiver = await startReceiver();
    const { auth, env } = setup(tokens);
    const { exporter, lines } = exporterFor(receiver, auth, env);
    const result = await exportOnce(exporter, spans);
    await exporter.shutdown();
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(cause);
    // Lines are redacted as free text: a cause worded so that redaction takes nothing from it.
    expect(redactText(result.error!.message)).toBe(result.error!.message);
    expect(receiver.requests).toHaveLength(0);
    for (const text of [result.error?.message ?? '', ...lines]) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(ERROR_BODY_SECRET);
    }
  });

  test('the metadata server recovers: the next export fetches and delivers', async () => {
    tokens = await startTokenServer({ lifetimeMillis: 60_000 });
    tokens.mode = 'fails';
    receiver = await startReceiver();
    const { auth, env } = gcp(tokens);
    const { exporter } = exporterFor(receiver, auth, env);
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.FAILED);
    tokens.mode = 'ok';
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(bearerOf(receiver.requests[0].headers)).toBe(tokens.issued[0]);
    await exporter.shutdown();
  });
});

describe('oauth2 with the secret in a file', () => {
  test('the secret is read from the file; a token refused once: one more token request, one retry, one line', async () => {
    const file = path.join(dir, 'client-secret');
    writeFileSync(file, `${CLIENT_SECRET}\n`);
    tokens = await startTokenServer({
      lifetimeMillis: 60_000,
      clientId: 'svc-shop',
      clientSecret: CLIENT_SECRET,
    });
    const t = tokens;
    receiver = await startReceiver({
      respond: authChecking((token) => t.isCurrent(token), { refuseFirst: true }),
    });
    const auth: OtlpAuthOptions = {
      type: 'oauth2',
      tokenUrl: t.tokenUrl,
      clientId: 'svc-shop',
      clientSecretFile: file,
    };
    const { exporter, lines } = exporterFor(receiver, auth);
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    // The first token refused once: exactly one more token request, one retry, one line.
    expect(t.asked.map((a) => a.form?.get('client_secret'))).toEqual([
      CLIENT_SECRET,
      CLIENT_SECRET,
    ]);
    expect(receiver.requests.map((r) => r.responseStatus)).toEqual([401, 200]);
    expect(lines).toEqual([expect.stringContaining('refused the credentials (HTTP 401)')]);
    await exporter.shutdown();
  });
});

describe('bearer-file', () => {
  test('the file rewritten mid-run: the next export carries the new token', async () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'first-t0ken-aaaa\n');
    receiver = await startReceiver();
    const { exporter } = exporterFor(receiver, { type: 'bearer-file', path: file });
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    // The kubelet's way: a new file moved over the old one.
    writeFileSync(`${file}.new`, 'second-t0ken-bb');
    renameSync(`${file}.new`, file);
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests.map((r) => bearerOf(r.headers))).toEqual([
      'first-t0ken-aaaa',
      'first-t0ken-aaaa',
      'second-t0ken-bb',
    ]);
    await exporter.shutdown();
  });

  test.each<[string, string | undefined, RegExp]>([
    ['missing', undefined, /the bearer-file ".*missing" cannot be read \(ENOENT\)$/],
    ['empty', '  \n', /the bearer-file ".*empty" is empty$/],
    [
      'larger than 64 KiB',
      'x'.repeat(70_000),
      /the bearer-file ".*larger than 64 KiB" is larger than 64 KiB$/,
    ],
    [
      'not a token',
      'two words\nand lines',
      /the bearer-file ".*not a token" holds no bearer token \(one line of base64url text\)$/,
    ],
  ])(
    'a token file that is %s: the export fails with that cause, the app does not',
    async (name, content, cause) => {
      const file = path.join(dir, name);
      if (content !== undefined) writeFileSync(file, content);
      receiver = await startReceiver();
      const { exporter } = exporterFor(receiver, { type: 'bearer-file', path: file });
      const result = await exportOnce(exporter, spans);
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(cause);
      await exporter.shutdown();
    },
  );
});

describe('an ID token lives from its iat to its exp', () => {
  const now = 1_700_000_000_000;
  test.each<[string, string, number | undefined]>([
    ['exp and iat', fakeJwt({ iat: 100, exp: 3700 }), 3_600_000],
    ['fractional seconds', fakeJwt({ iat: 100.25, exp: 103.25 }), 3000],
    ['exp only: against the clock', fakeJwt({ exp: now / 1000 + 60 }), 60_000],
    ['no exp', fakeJwt({ iat: 1 }), undefined],
    ['exp not a number', fakeJwt({ exp: '3700' }), undefined],
    ['not a JWT', 'garbage', undefined],
    ['a payload that is not JSON', 'a.b.c', undefined],
  ])('%s', (_title, jwt, life) => {
    expect(jwtLifetimeMillis(jwt, now)).toBe(life);
  });
});
