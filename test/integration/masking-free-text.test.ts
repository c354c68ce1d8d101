import { startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { get, otelEnv, startApp } from './support/app';

jest.setTimeout(60_000);

// Credentials written into sentences, URLs and debug output. None may reach the receiver.
const FIXTURE = {
  phrasePassword: 'hunter2-very-secret',
  passValue: 'Pv7-abc12345',
  tokenValue: 'Tk4-abcdef123456',
  bearerInText: 'BtXt9abcDEF123456789',
  dbPassword: 'Zq9-reused-pw',
  pgPassword: 'Pg5-secret',
  redisPassword: 'Rd1-pw771',
  amqpPassword: 'Mq2-pw882',
  mongoPassword: 'Mg3-pw993',
  headerCredential: 'zL9vQ2mN8xR4tY6uB1cDhdr',
  // Text that only looks like it: it must arrive as it was sent.
  harmless: {
    'app.status': 'status: ok',
    'gen_ai.note': 'tokens: 1234',
    'app.count': 'token count: 42',
    'app.order': 'order 4111111111111112 shipped',
    'app.mail': 'password reset email sent',
    'app.party': 'secret santa',
    'app.auth': 'the token was rejected',
  },
};
const SECRETS = [
  FIXTURE.phrasePassword,
  FIXTURE.passValue,
  FIXTURE.tokenValue,
  FIXTURE.bearerInText,
  FIXTURE.dbPassword,
  FIXTURE.pgPassword,
  FIXTURE.redisPassword,
  FIXTURE.amqpPassword,
  FIXTURE.mongoPassword,
  FIXTURE.headerCredential,
];

let receiver: OtlpReceiver;
let spans: ReceivedSpan[];

beforeAll(async () => {
  receiver = await startReceiver();
  const { proc, port } = await startApp({
    script: 'masking-free-text-app.js',
    env: { ...otelEnv(receiver.url), FREE_TEXT_FIXTURE: JSON.stringify(FIXTURE) },
  });
  await get(port, '/login');
  await get(port, '/connect');
  await get(port, '/echo', { authorization: `Bearer ${FIXTURE.headerCredential}` });
  await get(port, '/harmless');
  spans = await receiver.waitForSpans(
    (s) => s.filter((x) => x.kindName === 'SERVER').length >= 4 && s.length >= 7,
  );
  proc.kill('SIGTERM');
  await proc.exited;
});
afterAll(() => receiver.close());

const named = (name: string): ReceivedSpan => spans.find((s) => s.name === name)!;

test('the raw bytes received contain none of the secrets', () => {
  const raw = Buffer.concat(receiver.requests.map((r) => r.body));
  expect(raw.length).toBeGreaterThan(0);
  expect(SECRETS.filter((secret) => raw.includes(secret))).toEqual([]);
});

test('harmless look-alikes arrive as they were sent', () => {
  const raw = Buffer.concat(receiver.requests.map((r) => r.body));
  for (const text of Object.values(FIXTURE.harmless)) expect(raw.includes(text)).toBe(true);
  expect(named('harmless').attributes).toEqual(FIXTURE.harmless);
});

test('sentences keep their words; only the credentials are masked', () => {
  const login = named('login');
  const message = 'login failed for alice with password [REDACTED]';
  expect(login.events[0].attributes['exception.message']).toBe(message);
  expect(String(login.events[0].attributes['exception.stacktrace'])).toMatch(
    /^Error: login failed for alice with password \[REDACTED\]\n/,
  );
  expect(login.status.message).toBe(message);
  expect(login.attributes).toMatchObject({
    'app.log': 'retry with pass=[REDACTED] and token: [REDACTED]',
    'app.upstream': 'got Authorization: Bearer [REDACTED] from client',
  });
});

test('a value first seen under a secret key is masked wherever it reappears on the span', () => {
  const connect = named('db connect');
  expect(connect.attributes).toMatchObject({
    'app.note': 'connecting with [REDACTED]',
    'db.password': '[REDACTED]',
    'app.urls': [
      'redis://REDACTED:REDACTED@cache:6379',
      'amqp://REDACTED:REDACTED@mq/vhost',
      'mongodb+srv://REDACTED:REDACTED@cluster0/db',
    ],
  });
  expect(connect.events[0].attributes['exception.message']).toBe(
    'cannot connect to postgres://REDACTED:REDACTED@db/shop using [REDACTED]',
  );
  const echo = spans.find(
    (s) => s.kindName === 'SERVER' && s.attributes['app.debug'] !== undefined,
  )!;
  expect(echo.attributes['app.debug']).toBe('client sent [REDACTED]');
  expect(echo.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
});
