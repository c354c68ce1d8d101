import { record, recordOne } from './helpers/record';
import type { SpanInput } from './helpers/record';
import { MaskingSpanProcessor } from '@otelkit/masking';
import type { MaskingOptions } from '@otelkit/masking';

function masked(value: string, options: MaskingOptions = {}): unknown {
  return recordOne(options, { attributes: { 'app.message': value } }).attributes['app.message'];
}

// Secrets written into sentences: exception messages, log lines copied into attributes, status messages.
describe('credentials inside sentences are masked; the words around them stay', () => {
  test.each([
    // a secret word, a space, a value that looks like a credential (secret-phrase)
    [
      'password then a space',
      'login failed for alice with password hunter2-very-secret',
      'login failed for alice with password [REDACTED]',
    ],
    ['password is …', 'the password is s3cr3t!', 'the password is [REDACTED]'],
    ['password was …', 'old password was Tr0ub4dor&3 today', 'old password was [REDACTED] today'],
    ['quoted value', "retry with password 'hunter2'", "retry with password '[REDACTED]'"],
    ['passwd', 'passwd Zx9!qqq rejected', 'passwd [REDACTED] rejected'],
    ['pwd', 'connect pwd pa55word', 'connect pwd [REDACTED]'],
    ['passphrase', 'passphrase 7horses.ride', 'passphrase [REDACTED]'],
    ['secret', 'using secret 9f8e7d6c5b4a', 'using secret [REDACTED]'],
    ['client_secret as a word', 'client_secret Ab12Cd34Ef', 'client_secret [REDACTED]'],
    ['access_token as a word', 'bad access_token x9y8z7w6v5', 'bad access_token [REDACTED]'],
    ['token', 'refresh token 5f3c9a7e-81b2 expired', 'refresh token [REDACTED] expired'],
    ['api key with a space', 'invalid API key AbC123xyz.', 'invalid API key [REDACTED].'],
    ['x-api-key', 'header x-api-key 0a1b2c3d4e5f', 'header x-api-key [REDACTED]'],
    ['any case', 'PASSWORD HUNTER2X', 'PASSWORD [REDACTED]'],
    ['a tab', 'password\thunter2x', 'password\t[REDACTED]'],
    [
      'a value that is a secret word is skipped',
      'token secret abc123def',
      'token secret [REDACTED]',
    ],
    [
      'two in one message',
      'pwd a1b2c3d4 and token e5f6g7h8',
      'pwd [REDACTED] and token [REDACTED]',
    ],
    // a secret word, `=` or `:`, any value (secret-assignment)
    ['pass=', 'user=app pass=abc12345 host=db', 'user=app pass=[REDACTED] host=db'],
    ['password:', 'password: reset', 'password: [REDACTED]'],
    ['token:', 'token: abcdef123456', 'token: [REDACTED]'],
    ['API key:', 'API key: abcd1234efgh', 'API key: [REDACTED]'],
    ['JSON', '{"pass":"Qx9-hunter","user":"bob"}', '{"pass":"[REDACTED]","user":"bob"}'],
    // credentials the other detectors find in sentences
    [
      'Authorization: Bearer in a sentence',
      'got Authorization: Bearer abcDEF123456789 from client',
      'got Authorization: Bearer [REDACTED] from client',
    ],
    [
      'Authorization: Basic in a sentence',
      'sent Authorization: Basic dXNlcjpwYXNzd29yZA== upstream',
      'sent Authorization: Basic [REDACTED] upstream',
    ],
    [
      'postgres URL in a message',
      'cannot reach postgres://app:secret@db/shop now',
      'cannot reach postgres://REDACTED:REDACTED@db/shop now',
    ],
    [
      'redis URL, password only',
      'redis://:pw@cache:6379 down',
      'redis://REDACTED:REDACTED@cache:6379 down',
    ],
    ['amqp URL', 'amqp://user:pw@mq/vhost closed', 'amqp://REDACTED:REDACTED@mq/vhost closed'],
    [
      'mongodb+srv URL',
      'mongodb+srv://u:p@cluster0/db',
      'mongodb+srv://REDACTED:REDACTED@cluster0/db',
    ],
  ])('%s', (_name, input, expected) => {
    expect(masked(input)).toBe(expected);
  });
});

describe('harmless text survives', () => {
  test.each([
    ['a status', 'status: ok'],
    ['a token count (LLM usage)', 'tokens: 1234'],
    ['token count: n', 'token count: 42'],
    ['token_count=n', 'prompt token_count=12 completion token_count=40'],
    ['max_tokens', 'max_tokens=4096'],
    ['token_type', 'token_type=bearer'],
    ['token limit', 'token-limit: 8192'],
    ['a Luhn-invalid order number (the card detector decides)', 'order 4111111111111112 shipped'],
    ['password reset', 'password reset email sent'],
    ['secret santa', 'secret santa'],
    ['the token was rejected', 'the token was rejected'],
    ['password policy words', 'password re-enter required'],
    ['an error code after token', 'refresh token TOKEN_EXPIRED'],
    ['a count after token', 'max token 128000'],
    ['digits only after password (ids, counts, timestamps)', 'password 1718000000000 changed'],
    ['a path after pwd', 'started in pwd /home/app'],
    ['a URL after token (the URL detectors decide)', 'token https://auth.example.com/oauth'],
    ['a short value', 'password abc1'],
    ['pass as a word', 'pass 2 of 3: pass through'],
    ['pass_rate', 'pass_rate=0.93'],
    ['bypass', 'bypass=true'],
    ['letters only, a passphrase (near miss: see docs)', 'password correct-horse-battery'],
    ['a letters-only token (near miss: see docs)', 'token AbCdEfGhIjKlMnOpQr'],
    ['a numeric password (near miss: see docs)', 'password 123456'],
    ['a secret word inside a longer word', 'mytoken abc123def'],
  ])('%s', (_name, input) => {
    expect(masked(input)).toBe(input);
  });
});

describe('an explicit assignment masks whatever the value (decided: pwd=/home/app is masked)', () => {
  test.each([
    ['pwd=/home/app', 'pwd=REDACTED'],
    ['cwd pwd=/home/app', 'cwd pwd=[REDACTED]'],
    ['token: 42', 'token: [REDACTED]'],
    ['pass: 3', 'pass: [REDACTED]'],
  ])('%s', (input, expected) => {
    expect(masked(input)).toBe(expected);
  });
});

describe('sentences are masked wherever a message can be', () => {
  const SENTENCE = 'login failed for alice with password hunter2-very-secret';
  const MASKED = 'login failed for alice with password [REDACTED]';

  test('exception message and stack trace', () => {
    const span = recordOne({}, { error: new Error(SENTENCE) });
    const attributes = span.events[0].attributes!;
    expect(attributes['exception.message']).toBe(MASKED);
    expect(String(attributes['exception.stacktrace'])).toMatch(
      new RegExp(`^Error: ${escape(MASKED)}\\n`),
    );
    expect(String(attributes['exception.stacktrace'])).not.toContain('hunter2');
  });

  test.each<[string, SpanInput, (s: ReturnType<typeof recordOne>) => unknown]>([
    ['status message', { statusMessage: SENTENCE }, (s) => s.status.message],
    [
      'event attribute',
      { events: [{ name: 'log', attributes: { body: SENTENCE } }] },
      (s) => s.events[0].attributes!.body,
    ],
    [
      'string array element',
      { attributes: { lines: ['ok', SENTENCE] } },
      (s) => (s.attributes.lines as string[])[1],
    ],
    ['span name', { name: SENTENCE }, (s) => s.name],
  ])('%s', (_name, input, read) => {
    expect(read(recordOne({}, input))).toBe(MASKED);
  });
});

// Until a processor has met a secret key it collects secret values during its pass and looks at the span again
// after it; from then on it collects them before the pass. Both must give the same spans.
const SECRET_KEY_MET_BEFORE: SpanInput = { attributes: { 'app.password': 'an-earlier-secret-1' } };
describe.each([
  ['on the first span with a secret key', false],
  ['on a later span', true],
])(
  'a value seen under a secret key is masked wherever it reappears on the span, %s',
  (_when, metBefore) => {
    /** The span `input` becomes, after a span with a secret key when `metBefore`. */
    const spanAfter = (options: MaskingOptions, input: SpanInput): ReturnType<typeof recordOne> => {
      const spans = metBefore
        ? record(options, SECRET_KEY_MET_BEFORE, input)
        : record(options, input);
      return spans[spans.length - 1];
    };

    const PW = 'Zq9-reused-pw';

    test('everywhere: attributes before and after the key, arrays, exception, events, links, status, name', () => {
      const span = spanAfter(
        {},
        {
          name: `connect as app/${PW}`,
          attributes: {
            'app.before': `tried ${PW} twice`,
            'db.password': PW,
            'app.after': [`x${PW}x`, 'ok'],
          },
          events: [{ name: 'retry', attributes: { note: `again:${PW}` } }],
          links: [
            {
              context: {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                traceFlags: 1,
              },
              attributes: { why: PW },
            },
          ],
          error: new Error(`auth failed (${PW})`),
          statusMessage: PW,
        },
      );
      expect(span.attributes).toEqual({
        'app.before': 'tried [REDACTED] twice',
        'db.password': '[REDACTED]',
        'app.after': ['x[REDACTED]x', 'ok'],
        'otelkit.masking.count': 9,
      });
      expect(span.name).toBe('connect as app/[REDACTED]');
      expect(span.events[0].attributes).toEqual({ note: 'again:[REDACTED]' });
      expect(span.links[0].attributes).toEqual({ why: '[REDACTED]' });
      expect(span.events[1].attributes!['exception.message']).toBe('auth failed ([REDACTED])');
      expect(String(span.events[1].attributes!['exception.stacktrace'])).not.toContain(PW);
      expect(span.status.message).toBe('[REDACTED]');
    });

    test.each<[string, SpanInput, string]>([
      [
        'a secret key of an event, repeated in a span attribute',
        {
          attributes: { note: `bad ${PW}` },
          events: [{ name: 'auth', attributes: { 'auth.token': PW } }],
        },
        'bad [REDACTED]',
      ],
      [
        'the credential of an authorization header, without its scheme',
        {
          attributes: {
            note: 'seen zL9vQ2mN8xR4tY6uB1cD',
            'http.request.header.authorization': ['Bearer zL9vQ2mN8xR4tY6uB1cD'],
          },
        },
        'seen [REDACTED]',
      ],
      [
        'the value of a cookie, without its name',
        {
          attributes: {
            note: 'session sess_4f9a8b7c6d5e expired',
            'http.request.header.cookie': ['session=sess_4f9a8b7c6d5e; theme=dark'],
          },
        },
        'session [REDACTED] expired',
      ],
      [
        'a secret that a detector would split, before its key (masked whole, not in part)',
        { attributes: { note: 'password hunter2 horse', 'db.password': 'hunter2 horse' } },
        'password [REDACTED]',
      ],
      [
        'the same, after its key',
        { attributes: { 'db.password': 'hunter2 horse', note: 'password hunter2 horse' } },
        'password [REDACTED]',
      ],
      [
        'camelCase and *_secret keys',
        { attributes: { note: `x ${PW} y`, 'app.clientSecret': PW } },
        'x [REDACTED] y',
      ],
      [
        'a secret inside another secret is masked whole',
        {
          attributes: {
            note: 'k=abcdef123456-long',
            'app.token': 'abcdef123456',
            'app.secret': 'abcdef123456-long',
          },
        },
        'k=[REDACTED]',
      ],
    ])('%s', (_name, input, expected) => {
      expect(spanAfter({ preset: 'default' }, input).attributes.note).toBe(expected);
    });

    test.each<[string, MaskingOptions, SpanInput, string]>([
      [
        'a value shorter than 6 characters',
        {},
        { attributes: { note: 'admin rights', 'db.password': 'admin' } },
        'admin rights',
      ],
      [
        'a counter named after tokens',
        {},
        { attributes: { note: 'used 123456 of them', 'llm.token_count': '123456' } },
        'used 123456 of them',
      ],
      [
        'a value that is already a mask',
        {},
        { attributes: { note: 'was REDACTED:REDACTED', 'app.secret': 'REDACTED:REDACTED' } },
        'was REDACTED:REDACTED',
      ],
      [
        'secret-reuse switched off',
        { detectors: { 'secret-reuse': false } },
        { attributes: { note: `x ${PW}`, 'db.password': PW } },
        `x ${PW}`,
      ],
      [
        'preset none',
        { preset: 'none' },
        { attributes: { note: `x ${PW}`, 'db.password': PW } },
        `x ${PW}`,
      ],
      [
        'a secret key in ignoreKeys',
        { ignoreKeys: ['db.password'] },
        { attributes: { note: `x ${PW}`, 'db.password': PW } },
        `x ${PW}`,
      ],
    ])('not looked for: %s', (_name, options, input, expected) => {
      expect(spanAfter(options, input).attributes.note).toBe(expected);
    });

    test('a key in ignoreKeys is not searched either', () => {
      const span = spanAfter(
        { ignoreKeys: ['raw'] },
        { attributes: { raw: `x ${PW}`, 'db.password': PW } },
      );
      expect(span.attributes.raw).toBe(`x ${PW}`);
    });

    test("a rule's own action on the secret key wins (a hash rule still hashes)", () => {
      const span = spanAfter(
        { hashKey: 'k', rules: [{ keys: 'db.password', action: 'hash' }] },
        { attributes: { 'db.password': PW, note: `x ${PW}` } },
      );
      expect(span.attributes['db.password']).toMatch(/^[0-9a-f]{64}$/);
      expect(span.attributes.note).toBe('x [REDACTED]');
    });
  },
);

describe('secret-reuse', () => {
  const PW = 'Zq9-reused-pw';

  test('secrets are forgotten after each span', () => {
    const [, second] = record(
      {},
      { attributes: { 'db.password': PW } },
      { attributes: { note: `x ${PW}` } },
    );
    expect(second.attributes.note).toBe(`x ${PW}`);
  });

  test('secret-reuse cannot be a rule detector', () => {
    expect(
      () => new MaskingSpanProcessor({ rules: [{ detector: 'secret-reuse', action: 'redact' }] }),
    ).toThrow(/option rules\[0\]\.detector is "secret-reuse"; expected a value or key detector/);
  });
});

describe('detector switches turn each part off', () => {
  test.each<[string, MaskingOptions, string]>([
    ['secret-phrase off', { detectors: { 'secret-phrase': false } }, 'with password hunter2-x'],
    [
      'secret-assignment off',
      { detectors: { 'secret-assignment': false, 'url-query': false } },
      'pass=abc12345',
    ],
  ])('%s', (_name, options, input) => {
    expect(masked(input, options)).toBe(input);
  });
});

function firstDifference(a: string, b: string): number | string {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(i, i + 40))} instead of ${JSON.stringify(b.slice(i, i + 40))}`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The built-in patterns are V8 regexes (faster than the linear-time engine configured patterns run on), written
// with one lookbehind and bounded repetition so that they stay linear. A pattern that backtracked on one of these
// 100 KB values would not finish within the test's time limit.
describe('hostile 100 KB values are scanned in linear time', () => {
  const KB100 = 100 * 1024;
  const long = (unit: string): string => unit.repeat(Math.ceil(KB100 / unit.length));
  const options: MaskingOptions = { maxValueLength: 2 * KB100, summaryAttribute: false };
  const run = long('a1');

  test.each([
    ['secret words with no value', long('password '), long('password ')],
    ['secret words and prose', long('token was rejected '), long('token was rejected ')],
    ['secret words as values', long('token secret '), long('token secret ')],
    ['compound secret words', long('x_y_z_password '), long('x_y_z_password ')],
    ['a prefix run with no secret word', `${long('a_')} pwd x`, `${long('a_')} pwd x`],
    ['a value as long as it gets', `password ${run}`, `password [REDACTED]${run.slice(8192)}`],
    ['a value ending in punctuation', `password a1${long('.')}`, `password a1${long('.')}`],
    ['credentials again and again', 'pwd a1b2c3d4 '.repeat(8000), 'pwd [REDACTED] '.repeat(8000)],
    ['assignments again and again', 'pass=a1b2 '.repeat(10240), 'pass=[REDACTED] '.repeat(10240)],
  ])('%s', (_name, input, expected) => {
    expect(input.length).toBeGreaterThanOrEqual(KB100);
    // Where the output first differs, rather than two 100 KB strings.
    expect(firstDifference(String(masked(input, options)), expected)).toBe(-1);
  });

  test('a periodic secret under a secret key, looked for in a 100 KB value', () => {
    const secret = `${'ab'.repeat(500)}c`;
    const span = recordOne(options, {
      attributes: { 'db.password': secret, note: `${long('ab')}${secret}` },
    });
    expect(firstDifference(String(span.attributes.note), `${long('ab')}[REDACTED]`)).toBe(-1);
  });
});
