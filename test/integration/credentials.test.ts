import path from 'node:path';
import { runFixture, startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { fixturesDir, REQUIRE } from './support/app';
import { closedPort } from './support/closed-port';
import { scrubbedEnv } from './support/env-case';

// Issue 17: no credential from OTEL_EXPORTER_OTLP_HEADERS, URL userinfo or a query-string token appears in anything
// otelkit prints, at every log level, with the collector up, down, and answering 401 with a body that echoes the
// request headers; the start-up line still shows the endpoint, with the secret part replaced.
jest.setTimeout(60_000);

const USER = 'user';
const PASSWORD = 'pa55w0rd-xyz';
const QUERY_TOKEN = 't0k3n-abc123';
const QUERY_KEY = 'k3y-zzz';
const HEADER_SECRET = 's3cr3t-h3ader-v4lue';
/** A vendor header whose name says nothing about secrets: its value is one all the same. */
const VENDOR_SECRET = 'h0ney-t3am-k3y';
const BEARER = 'b3arer-t0ken-qq';
const MALFORMED_SECRET = 'm4lformed-t0ken-77';
const BAD_ENCODING_SECRET = 'p3rcent-s3cret';

/** Every spelling of a credential that must never be printed (the userinfo also as its Basic auth encoding). */
const SECRETS = [
  PASSWORD,
  QUERY_TOKEN,
  QUERY_KEY,
  HEADER_SECRET,
  VENDOR_SECRET,
  BEARER,
  MALFORMED_SECRET,
  BAD_ENCODING_SECRET,
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
];

const HEADERS = `api-key=${HEADER_SECRET},x-honeycomb-team=${VENDOR_SECRET},authorization=Bearer%20${BEARER}`;

interface Setup {
  name: string;
  /** The environment for a collector at `host:port` (`http://127.0.0.1:<port>`). */
  env(hostPort: string): Record<string, string>;
}

const SETUPS: Setup[] = [
  {
    name: 'traces URL with userinfo and a query token, well-formed headers',
    env: (hostPort) => ({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://${USER}:${PASSWORD}@${hostPort}/v1/traces?token=${QUERY_TOKEN}&api_key=${QUERY_KEY}`,
      OTEL_EXPORTER_OTLP_HEADERS: HEADERS,
    }),
  },
  {
    name: 'base URL with userinfo, malformed headers',
    env: (hostPort) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://${USER}:${PASSWORD}@${hostPort}`,
      OTEL_EXPORTER_OTLP_HEADERS: `api-key=${HEADER_SECRET},Bearer ${MALFORMED_SECRET},x-secret=%ZZ${BAD_ENCODING_SECRET}`,
    }),
  },
];

const LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
/** The levels that print the start-up line. */
const STARTUP_LEVELS = new Set(['info', 'debug', 'verbose', 'all']);

type Collector = 'up' | 'down' | '401 echoing the headers';
const COLLECTORS: Collector[] = ['up', 'down', '401 echoing the headers'];

let up: OtlpReceiver;
let echoing: OtlpReceiver;
let downPort: number;

beforeAll(async () => {
  up = await startReceiver();
  echoing = await startReceiver({
    // the credentials first, so that no cut of a long body hides them
    respond: (req) => ({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        'request headers': credentialsFirst(req.headers),
        error: 'unauthorized',
      }),
    }),
  });
  downPort = await closedPort();
});
afterAll(() => Promise.all([up?.close(), echoing?.close()]));

const CREDENTIAL_HEADERS = ['authorization', 'x-honeycomb-team', 'api-key'];
const credentialsFirst = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).sort(([a], [b]) => rank(a) - rank(b)));
const rank = (name: string) => {
  const index = CREDENTIAL_HEADERS.indexOf(name);
  return index === -1 ? CREDENTIAL_HEADERS.length : index;
};

const hostPortOf = (collector: Collector) =>
  `127.0.0.1:${collector === 'up' ? up.port : collector === 'down' ? downPort : echoing.port}`;

interface Case {
  title: string;
  setup: Setup;
  level: (typeof LEVELS)[number];
  collector: Collector;
}

const cases: Case[] = SETUPS.flatMap((setup) =>
  COLLECTORS.flatMap((collector) =>
    LEVELS.map((level) => ({
      title: `${setup.name}; collector ${collector}; OTEL_LOG_LEVEL=${level}`,
      setup,
      level,
      collector,
    })),
  ),
);

// The rows are concurrent tests (`--maxConcurrency`, default 5, at a time); the check that the secrets really went out
// comes after them, in its own block.
describe('no credential in anything otelkit prints', () => {
  test.concurrent.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const result = await runFixture({
      script: 'spans-and-exit.js',
      cwd: path.join(fixturesDir, 'config'),
      nodeArgs: REQUIRE,
      env: {
        ...scrubbedEnv(),
        ...c.setup.env(hostPortOf(c.collector)),
        OTEL_LOG_LEVEL: c.level,
        // a refused or rejected export is retried until the flush deadline: keep that short
        OTELKIT_SHUTDOWN_TIMEOUT: '1500',
      },
    });
    const lines = `${result.stdout}\n${result.stderr}`.split('\n');
    const leaked = SECRETS.flatMap((secret) =>
      lines
        .filter((line) => line.toLowerCase().includes(secret.toLowerCase()))
        .map((line) => `${secret} in: ${line}`),
    );
    const startup = lines.find((line) => line.includes('tracing service'));
    expect({
      exit: result.signal ?? result.code,
      ran: result.stdout.includes('done'),
      leaked,
      startupLineShowsEndpoint: STARTUP_LEVELS.has(c.level)
        ? startup?.includes(hostPortOf(c.collector)) === true
        : 'not printed at this level',
    }).toEqual({
      exit: 0,
      ran: true,
      leaked: [],
      startupLineShowsEndpoint: STARTUP_LEVELS.has(c.level) ? true : 'not printed at this level',
    });
  });
});

describe('the test is not vacuous', () => {
  test('the secrets were really sent: the 401 collector echoed them back', () => {
    expect(echoing.requests.map((r) => r.headers)).toContainEqual(
      expect.objectContaining({
        'api-key': HEADER_SECRET,
        'x-honeycomb-team': VENDOR_SECRET,
        authorization: `Bearer ${BEARER}`,
      }),
    );
    expect(echoing.requests.map((r) => r.headers.authorization)).toContain(
      `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
    );
  });
});
