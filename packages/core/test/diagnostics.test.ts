import {
  createDiagnostics,
  LINE_MAX,
  MAX_KEYS,
  MAX_ROTATING_SECRETS,
  messageShape,
} from '@otelkit/core';

function capture(level: 'warn' | 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  let now = 0;
  const diag = createDiagnostics({
    prefix: '@otelkit/test',
    level,
    write: (line) => lines.push(line),
    now: () => now,
  });
  return { diag, lines, advance: (ms: number) => (now += ms) };
}

describe('createDiagnostics', () => {
  test('prefixes lines once, including for a sibling package', () => {
    const { diag, lines } = capture();
    diag.warn('one');
    diag.warn('@otelkit/export: already prefixed');
    diag.forPackage('@otelkit/masking').warn('two');
    expect(lines).toEqual([
      '@otelkit/test: one',
      '@otelkit/export: already prefixed',
      '@otelkit/masking: two',
    ]);
  });

  test.each([
    ['warn', ['e', 'w']],
    ['info', ['e', 'w', 'i']],
    ['debug', ['e', 'w', 'i', 'd']],
  ] as const)('level %s', (level, shown) => {
    const { diag, lines } = capture(level);
    diag.error('e');
    diag.warn('w');
    diag.info('i');
    diag.debug('d');
    expect(lines.map((l) => l.slice('@otelkit/test: '.length))).toEqual(shown);
  });

  test('cuts a line at LINE_MAX and masks registered secrets and credential shapes', () => {
    const { diag, lines } = capture();
    diag.addSecrets(['s3cr3t-v4lue', undefined, 'shop']);
    diag.warn(`collector said: s3cr3t-v4lue Authorization: Bearer zzzzzz ${'x'.repeat(5000)}`);
    expect(lines[0]).not.toContain('s3cr3t-v4lue');
    expect(lines[0]).not.toContain('zzzzzz');
    expect(lines[0]!.length).toBeLessThanOrEqual(LINE_MAX);
    diag.warn('service shop started');
    expect(lines[1]).toBe('@otelkit/test: service shop started');
  });

  test('rotating secrets: the newest MAX_ROTATING_SECRETS are masked, fixed ones always', () => {
    const { diag, lines } = capture();
    diag.addSecrets(['fixed-api-key']);
    const tokens = Array.from({ length: MAX_ROTATING_SECRETS + 5 }, (_, i) => `token-number-${i}`);
    for (const token of tokens) diag.addSecrets([token], true);
    diag.warn(`sent ${tokens.join(' ')} fixed-api-key`);
    const newest = tokens.slice(-MAX_ROTATING_SECRETS);
    for (const token of newest) expect(lines[0]).not.toContain(token);
    // The oldest have been forgotten (they expired long ago): the set does not grow with every renewal.
    expect(lines[0]).toContain(`${tokens[0]} `);
    expect(lines[0]).not.toContain('fixed-api-key');
  });

  test('warnOnce prints a key once per interval and counts the repeats', () => {
    const { diag, lines, advance } = capture();
    expect(diag.warnOnce('k', 'first')).toBe(true);
    expect(diag.warnOnce('k', 'again')).toBe(false);
    expect(diag.warnOnce('other', 'other key')).toBe(true);
    advance(61_000);
    expect(diag.warnOnce('k', 'later')).toBe(true);
    expect(lines).toEqual([
      '@otelkit/test: first',
      '@otelkit/test: other key',
      '@otelkit/test: later (1 similar in the last 61s)',
    ]);
  });

  test('warnOnce builds a message given as a function only when it prints it', () => {
    const { diag, lines } = capture();
    let built = 0;
    const line = () => `built ${++built}`;
    for (let i = 0; i < 1000; i++) diag.warnOnce('hot', line);
    expect(built).toBe(1);
    expect(lines).toEqual(['@otelkit/test: built 1']);
  });

  test('remembers a bounded number of keys', () => {
    const { diag, lines } = capture();
    for (let i = 0; i < MAX_KEYS * 10; i++) diag.warnOnce(`key-${i}`, `line ${i}`);
    // The oldest keys were forgotten, so the very first prints again; the newest is still limited.
    expect(diag.warnOnce('key-0', 'line 0')).toBe(true);
    expect(diag.warnOnce(`key-${MAX_KEYS * 10 - 1}`, 'x')).toBe(false);
    expect(lines).toHaveLength(MAX_KEYS * 10 + 1);
  });

  test('a sink that throws is ignored', () => {
    const diag = createDiagnostics({
      prefix: 'p',
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => diag.warn('x')).not.toThrow();
    expect(diag.info('x')).toBe(false);
  });
});

describe('messageShape: one key for one kind of message', () => {
  test.each([
    [
      'Can not execute the operation on ended Span {traceId: 4bf92f3577b34da6a3ce929d0e0e4736, spanId: 00f067aa0ba902b7}',
      'Can not execute the operation on ended Span {traceId: 5bf92f3577b34da6a3ce929d0e0e4737, spanId: 10f067aa0ba902b8}',
    ],
    ['export failed after 3 attempts (status 503)', 'export failed after 5 attempts (status 502)'],
    ['unknown key "foo"', 'unknown key "barbaz"'],
  ])('%s', (a, b) => {
    expect(messageShape(a)).toBe(messageShape(b));
  });
});
