import { EnvReader } from '@otelkit/core';

const count = { min: 1, max: 1_000_000, fallback: 4096, integer: true };
const ratio = { min: 0, max: 1, fallback: 1 };

describe('EnvReader.number', () => {
  test.each([
    ['unset', undefined, count, 4096, undefined],
    ['empty', '', count, 4096, undefined],
    ['blank', '   ', count, 4096, undefined],
    ['a whole number', '512', count, 512, undefined],
    ['garbage', 'lots', count, 4096, 'X="lots" is not a whole number; using 4096'],
    [
      'a fraction where a count is due',
      '1.5',
      count,
      4096,
      'X="1.5" is not a whole number; using 4096',
    ],
    ['negative', '-5', count, 4096, 'X="-5" is below the minimum 1; using 4096'],
    [
      'huge',
      '1.5e308',
      count,
      1_000_000,
      'X="1.5e308" is above the maximum 1000000; using 1000000',
    ],
    ['infinite', 'Infinity', count, 4096, 'X="Infinity" is not a whole number; using 4096'],
    [
      'above the maximum',
      '50000000',
      count,
      1_000_000,
      'X="50000000" is above the maximum 1000000; using 1000000',
    ],
    ['a fraction where one is allowed', '0.25', ratio, 0.25, undefined],
    ['above a ratio', '2', ratio, 1, 'X="2" is above the maximum 1; using 1'],
  ])('%s', (_, value, spec, expected, line) => {
    const read = new EnvReader({ X: value });
    expect(read.number('X', spec)).toBe(expected);
    expect(read.problems).toEqual(line ? [line] : []);
  });
});

describe('EnvReader.boolean: the spec spelling, in any case, and nothing else', () => {
  test.each([
    ['true', true, false],
    ['TRUE', true, false],
    ['False', false, false],
    ['1', false, true],
    ['yes', false, true],
    ['on', false, true],
    ['0', false, true],
    ['', false, false],
  ])('%j', (value, expected, reported) => {
    const read = new EnvReader({ X: value });
    expect(read.boolean('X', false)).toBe(expected);
    expect(read.problems).toHaveLength(reported ? 1 : 0);
  });
});

describe('EnvReader lines', () => {
  test('a 100 KB value becomes a line of bounded length that names the variable once', () => {
    const read = new EnvReader({ X: 'x'.repeat(100_000) });
    read.number('X', count);
    read.number('X', count);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]!.length).toBeLessThan(250);
    expect(read.problems[0]).toMatch(/^X="x+… \(100000 characters\)" is not a whole number/);
  });

  test('a variable that holds credentials by its name is never echoed', () => {
    const read = new EnvReader({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cr3t,broken' });
    expect(read.keyValues('OTEL_EXPORTER_OTLP_HEADERS')).toEqual({ 'api-key': 's3cr3t' });
    expect(read.problems).toEqual([
      'OTEL_EXPORTER_OTLP_HEADERS=(21 characters, not shown) has 1 malformed entry (expected key=value pairs separated by commas, percent-encoded); using the well-formed entries',
    ]);
  });

  test('a URL is echoed with its userinfo and secret query values masked', () => {
    const read = new EnvReader({ U: 'ftp://user:pa55@host/?token=abc' });
    expect(read.url('U', 'http://localhost:4318')).toBeUndefined();
    expect(read.problems[0]).toBe(
      'U="ftp://***@host/?token=***" is not an absolute http:// or https:// URL; using "http://localhost:4318"',
    );
  });
});

describe('EnvReader.keyValues', () => {
  test.each([
    ['a=1,b=2', { a: '1', b: '2' }, 0],
    ['a=1,,b=2 ', { a: '1', b: '2' }, 0],
    ['Authorization=Bearer%20abc', { Authorization: 'Bearer abc' }, 0],
    ['a=1,novalue,b=2', { a: '1', b: '2' }, 1],
    ['a=%E0%A4%A,b=2', { b: '2' }, 1],
    ['=1', {}, 1],
  ])('%j', (value, expected, problems) => {
    const read = new EnvReader({ H: value });
    expect(read.keyValues('H')).toEqual(expected);
    expect(read.problems).toHaveLength(problems);
  });
});

describe('EnvReader.list and oneOf', () => {
  test('lists are trimmed, lower-cased and blanks dropped', () => {
    expect(new EnvReader({ L: ' A, b ,,C ' }).list('L')).toEqual(['a', 'b', 'c']);
    expect(new EnvReader({ L: ' A, b ' }).list('L', true)).toEqual(['A', 'b']);
    expect(new EnvReader({}).list('L')).toBeUndefined();
  });

  test('oneOf takes any case and names the allowed values', () => {
    const read = new EnvReader({ P: 'GZIP', Q: 'zip' });
    expect(read.oneOf('P', ['gzip', 'none'], 'none')).toBe('gzip');
    expect(read.oneOf('Q', ['gzip', 'none'], 'none')).toBe('none');
    expect(read.problems).toEqual(['Q="zip" is not one of gzip, none; using "none"']);
  });
});
