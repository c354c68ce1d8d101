import { startReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { get, otelEnv, startApp } from './support/app';

jest.setTimeout(60_000);

// Every secret the app sees. None may reach the receiver, in any form the exporter writes.
const FIXTURE = {
  email: 'alice.pii@example.com',
  password: 'hunter2-Qx9',
  queryToken: 'qtok_7Hd93kLmPq',
  card: '4111 1111 1111 1111',
  cardCompact: '5555555555554444',
  luhnInvalid: '4111 1111 1111 1112',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.kT3pR0dQmYb3cXcGdUz1vEw5n3sYpQ2RrTtUuVvWwXx',
  bearer: 'zL9vQ2mN8xR4tY6uB1cD',
  cookie: 'sess_4f9a8b7c6d5e',
  awsKey: 'AKIAQWERTYUIOPASDFGH',
  dbPassword: 'S3cr3t-Db-Pw',
  dbUrl: 'postgres://admin:Adm1nPw-77@db.internal:5432/app',
  systemPrompt: 'You are the internal assistant of Project Nightjar',
  prompt: 'Summarise the medical record of patient Zoe Quinlan',
  answer: 'Zoe Quinlan was treated for condition K-227',
};
const SECRETS = [
  FIXTURE.email,
  encodeURIComponent(FIXTURE.email),
  FIXTURE.password,
  FIXTURE.queryToken,
  FIXTURE.card,
  FIXTURE.card.replace(/ /g, ''),
  FIXTURE.cardCompact,
  FIXTURE.jwt,
  FIXTURE.bearer,
  FIXTURE.cookie,
  FIXTURE.awsKey,
  FIXTURE.dbPassword,
  'Adm1nPw-77',
  'Project Nightjar',
  'Zoe Quinlan',
];

const MASK = /\[REDACTED\]|REDACTED:REDACTED|REDACTED/g;

/** How many masks a span carries in its name, status, attributes, event and link attributes. */
function masksIn(span: ReceivedSpan): number {
  const texts: unknown[] = [span.name, span.status.message];
  const bags = [
    span.attributes,
    ...span.events.map((e) => e.attributes),
    ...span.links.map((l) => l.attributes),
  ];
  for (const bag of bags) texts.push(...Object.values(bag).flat());
  return texts
    .filter((t): t is string => typeof t === 'string')
    .reduce((n, t) => n + (t.match(MASK)?.length ?? 0), 0);
}

let receiver: OtlpReceiver;
let spans: ReceivedSpan[];

beforeAll(async () => {
  receiver = await startReceiver();
  const { proc, port } = await startApp({
    script: 'masking-pii-app.js',
    env: { ...otelEnv(receiver.url), PII_FIXTURE: JSON.stringify(FIXTURE) },
  });
  const email = encodeURIComponent(FIXTURE.email);
  await get(
    port,
    `/signup?email=${email}&password=${FIXTURE.password}&token=${FIXTURE.queryToken}`,
  );
  await get(port, '/pay', {
    authorization: `Bearer ${FIXTURE.bearer}`,
    cookie: `session=${FIXTURE.cookie}`,
    'x-api-key': FIXTURE.awsKey,
  });
  await get(port, '/fail');
  await get(port, '/chat');
  spans = await receiver.waitForSpans(
    (s) => s.filter((x) => x.kindName === 'SERVER').length >= 4 && s.length >= 7,
  );
  proc.kill('SIGTERM');
  await proc.exited;
});
afterAll(() => receiver.close());

test('the raw bytes received contain none of the secrets', () => {
  const raw = Buffer.concat(receiver.requests.map((r) => r.body));
  expect(raw.length).toBeGreaterThan(0);
  const leaked = SECRETS.filter((secret) => raw.includes(secret));
  expect(leaked).toEqual([]);
});

test('Luhn-invalid numbers and ordinary values survive', () => {
  const charge = spans.find((s) => s.name === 'charge card')!;
  expect(charge.attributes['order.reference']).toBe(FIXTURE.luhnInvalid);
  expect(charge.attributes['payment.card']).toBe('[REDACTED]');
  const chat = spans.find((s) => s.name === 'chat gpt-4o')!;
  expect(chat.attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 12,
  });
  expect(chat.attributes['gen_ai.input.messages']).toBe('[REDACTED]');
});

test('headers, query strings and the exception were masked where they were, not dropped', () => {
  const pay = spans.find(
    (s) =>
      s.kindName === 'SERVER' &&
      /\/pay/.test(String(s.attributes['url.path'] ?? s.attributes['http.target'])),
  )!;
  expect(pay.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
  expect(pay.attributes['http.request.header.cookie']).toEqual(['[REDACTED]']);
  expect(pay.attributes['http.request.header.x-api-key']).toEqual(['[REDACTED]']);
  const signup = spans.find(
    (s) =>
      s.kindName === 'SERVER' &&
      String(s.attributes['url.query'] ?? s.attributes['http.target']).includes('email='),
  )!;
  expect(String(signup.attributes['url.query'] ?? signup.attributes['http.target'])).toMatch(
    /email=\[REDACTED\]&password=REDACTED&token=REDACTED/,
  );
  const failed = spans.find((s) => s.name === 'db connect')!;
  expect(failed.events[0].attributes['exception.message']).toBe(
    'db connect failed: password=[REDACTED] to postgres://REDACTED:REDACTED@db.internal:5432/app',
  );
  expect(failed.status.message).toBe(failed.events[0].attributes['exception.message']);
});

test('every masked value is accounted for in the summary attribute', () => {
  const masked = spans.filter((s) => masksIn(s) > 0);
  expect(masked.length).toBeGreaterThanOrEqual(4);
  for (const span of spans) {
    const expected = masksIn(span);
    expect({ span: span.name, count: span.attributes['otelkit.masking.count'] }).toEqual({
      span: span.name,
      count: expected > 0 ? expected : undefined,
    });
  }
});
