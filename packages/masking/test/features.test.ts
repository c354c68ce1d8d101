import {
  F_ASSIGN,
  F_AT,
  F_AUTH_GAP,
  F_DASH_RUN_5,
  F_DIGITS_13,
  F_DIGITS_7,
  F_DOT_OR_COLON,
  F_EQ,
  F_EQ_OR_COLON,
  F_IP_SHAPE,
  F_SCHEME,
  F_SECRET_WORD,
  F_SPACE,
  F_TOKEN_RUN_16,
  F_UPPER_RUN_20,
  scanFeatures,
} from '../src/features';

// The definition of each feature, written the slow and obvious way: the fast scan must agree on every input,
// because a feature it misses would skip a detector that should have run.
const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;
const REFERENCE: ReadonlyArray<readonly [string, number, (s: string) => boolean]> = [
  ['F_AT', F_AT, (s) => /@|%40/.test(s)],
  ['F_EQ_OR_COLON', F_EQ_OR_COLON, (s) => /[=:]/.test(s)],
  ['F_EQ', F_EQ, (s) => s.includes('=')],
  ['F_DIGITS_7', F_DIGITS_7, (s) => count(s, /\d/g) >= 7],
  ['F_DIGITS_13', F_DIGITS_13, (s) => count(s, /\d/g) >= 13],
  ['F_UPPER_RUN_20', F_UPPER_RUN_20, (s) => /[A-Z0-9]{20}/.test(s)],
  ['F_TOKEN_RUN_16', F_TOKEN_RUN_16, (s) => /[A-Za-z0-9_-]{16}/.test(s)],
  ['F_DASH_RUN_5', F_DASH_RUN_5, (s) => s.includes('-----')],
  ['F_SPACE', F_SPACE, (s) => /[ \t]/.test(s)],
  ['F_DOT_OR_COLON', F_DOT_OR_COLON, (s) => /[.:]/.test(s)],
  ['F_SCHEME', F_SCHEME, (s) => s.includes('://')],
  ['F_ASSIGN', F_ASSIGN, (s) => /[A-Za-z0-9"' \t][:=]/.test(s)],
  [
    'F_IP_SHAPE',
    F_IP_SHAPE,
    (s) => (count(s, /\./g) >= 3 && count(s, /\d/g) >= 4) || count(s, /:/g) >= 2,
  ],
  ['F_AUTH_GAP', F_AUTH_GAP, (s) => /(?:er|ic)[ \t]/i.test(s)],
  ['F_SECRET_WORD', F_SECRET_WORD, (s) => /(?:ord|swd|pwd|ase|ret|ken|key|ial|als)[ \t]/i.test(s)],
];

function expected(s: string): number {
  let f = 0;
  for (const [, bit, has] of REFERENCE) if (has(s)) f |= bit;
  return f;
}

describe('scanFeatures agrees with the regex definition of every feature', () => {
  test.each([
    '',
    'GET',
    'a@b.io',
    'alice%40example.com',
    '%4',
    '%40',
    'x%4@',
    'page=2&sort=asc',
    'https://user:pw@host/p?q=1',
    ':/ /',
    'a:/b//',
    '4111 1111 1111 1111',
    '123456',
    '1234567',
    'AKIAIOSFODNN7EXAMPLE',
    'AKIAIOSFODNN7EXAMPL',
    'AKIAIOSFODNN7EXAMPLé',
    'eyJhbGciOiJIUzI1NiJ9',
    'abcdefghijklmno',
    'abcdefghijklmnop',
    'abcdefgh_ijklm-op',
    'abcdefgh ijklmnop',
    'AKIAIOSFOD NN7EXAMPLE',
    '----',
    '-----BEGIN PRIVATE KEY-----',
    '--a---',
    'tab\there',
    'Bearer abc',
    'Mac OS X',
    'BEARER x',
    'bAsIc\tx',
    'r x',
    'Er x',
    'E r',
    'ér x',
    '\u0145r x',
    'BASIC\tabc',
    'x/:y',
    '=a',
    'pwd="x"',
    "'key' : v",
    ' : ',
    '10.0.0.1',
    '1.1.1',
    'a.b.c.d',
    '::1',
    'fe80::1',
    '1.2.3:4',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36',
    'ünïcödé 😀 aaaaaaaaaaaaaaaa',
    'with password hunter2',
    'PASSWORD\tx',
    'passwd x',
    'pwd x',
    'passphrase x',
    'client_secret x',
    'access_token x',
    'API KEY x',
    'credential x',
    'credentials x',
    'monkey x',
    'ord ',
    'or ',
    'd x',
    'x-api-key:',
    'ḱey x',
    'k\u0145y x',
  ])('%j', (s) => {
    expect(scanFeatures(s)).toBe(expected(s));
  });

  test('on random strings over the characters the features look at', () => {
    const alphabet = 'aZ09_-@%4=:./ \té"rCeI';
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 40);
      let s = '';
      for (let i = 0; i < length; i++) {
        // Long runs of one character reach the run thresholds.
        const c = alphabet[Math.floor(random() * alphabet.length)];
        s += random() < 0.3 ? c.repeat(1 + Math.floor(random() * 20)) : c;
      }
      expect({ s, f: scanFeatures(s) }).toEqual({ s, f: expected(s) });
    }
  });

  test('on random strings over the letters of the secret words', () => {
    const alphabet = 'oOrRdDsSwWpPaAeEtTkKnNyYiIlL \tñ';
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 12);
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      expect({ s, f: scanFeatures(s) }).toEqual({ s, f: expected(s) });
    }
  });
});
