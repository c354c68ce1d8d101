import { createDiagnostics, REPEAT_INTERVAL_MS } from '../src/diag/diagnostics';

function capture(level: Parameters<typeof createDiagnostics>[0]) {
  const lines: string[] = [];
  let now = 1_000_000;
  const diag = createDiagnostics(
    level,
    (line) => lines.push(line),
    () => now,
  );
  return { diag, lines, advance: (ms: number) => (now += ms) };
}

describe('diagnostics', () => {
  test('every line carries the package prefix', () => {
    const { diag, lines } = capture('info');
    diag.warn('w');
    diag.info('i');
    expect(lines).toEqual(['@otelkit/node: w', '@otelkit/node: i']);
  });

  test.each<[Parameters<typeof createDiagnostics>[0], string[]]>([
    ['none', []],
    ['error', ['e']],
    ['warn', ['e', 'w']],
    ['info', ['e', 'w', 'i']],
    ['debug', ['e', 'w', 'i', 'd']],
  ])('level %s prints %j', (level, expected) => {
    const { diag, lines } = capture(level);
    diag.error('e');
    diag.warn('w');
    diag.info('i');
    diag.debug('d');
    expect(lines.map((l) => l.replace('@otelkit/node: ', ''))).toEqual(expected);
  });

  test('warnOnce prints a repeated key once per interval and then says how many were held back', () => {
    const { diag, lines, advance } = capture('info');
    expect(diag.warnOnce('export', 'export failed')).toBe(true);
    for (let i = 0; i < 499; i++) expect(diag.warnOnce('export', 'export failed')).toBe(false);
    expect(lines).toHaveLength(1);
    advance(REPEAT_INTERVAL_MS - 1);
    diag.warnOnce('export', 'export failed');
    expect(lines).toHaveLength(1);
    advance(2);
    diag.warnOnce('export', 'export failed');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/export failed \(500 similar in the last 60s\)/);
    diag.warnOnce('other', 'different key');
    expect(lines).toHaveLength(3);
  });

  test('lines from our other packages keep their own prefix instead of getting a second one', () => {
    const { diag, lines } = capture('info');
    diag.warn(
      '@otelkit/masking: OTELKIT_MASKING="loud" is not one of default, strict, off; using default',
    );
    expect(lines).toEqual([
      '@otelkit/masking: OTELKIT_MASKING="loud" is not one of default, strict, off; using default',
    ]);
  });

  test('a throwing writer never reaches the caller', () => {
    const diag = createDiagnostics('info', () => {
      throw new Error('EPIPE');
    });
    expect(() => diag.warn('x')).not.toThrow();
  });
});
