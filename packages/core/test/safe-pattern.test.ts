import { compileGlob, compilePattern } from '@otelkit/core';

import {
  CATASTROPHIC_PATTERNS,
  HOSTILE,
  HOSTILE_16K,
} from '../../../test/fixtures/catastrophic-patterns';

describe('compilePattern: catastrophic patterns are matched in linear time or refused', () => {
  test.each(CATASTROPHIC_PATTERNS)('%s', (source, expected) => {
    const { regex, problem } = compilePattern(source);
    if (expected === 'refused') {
      expect(regex).toBeUndefined();
      expect(problem).toMatch(/backreference|linear time/);
      return;
    }
    expect(problem).toBeUndefined();
    expect(regex!.test(HOSTILE)).toBe(expected);
    expect(regex!.test(HOSTILE_16K)).toBe(expected);
  });

  test.each([
    ['(a)\\1', /backreference/],
    ['\\k<x>(?<x>a)', /backreference/],
    ['(?=a)a+', /lookaround/],
    ['(?<!a)b', /linear time/],
    ['(unclosed', /not a valid regular expression/],
  ])('%s is refused with a reason', (source, why) => {
    const { regex, problem } = compilePattern(source);
    expect(regex).toBeUndefined();
    expect(problem).toMatch(why);
  });
});

describe('compilePattern: behaves like the RegExp it replaces', () => {
  test('flags i, s and m', () => {
    expect(compilePattern('SECRET', 'i').regex!.test('a secret')).toBe(true);
    expect(compilePattern('a.b', 's').regex!.test('a\nb')).toBe(true);
    expect(compilePattern('a.b').regex!.test('a\nb')).toBe(false);
    expect(compilePattern('^b$', 'm').regex!.test('a\nb\nc')).toBe(true);
  });

  test('a RegExp object keeps its flags; g and y are dropped unless global is asked for', () => {
    const { regex } = compilePattern(/abc/giy);
    expect(regex!.flags).toBe('i');
    expect(compilePattern(/abc/, '', true).regex!.global).toBe(true);
  });

  test('global exec walks the matches with lastIndex, groups included', () => {
    const { regex } = compilePattern('(?<user>\\w+)@(\\w+)', '', true);
    const text = 'to bob@shop and eve@bank';
    const found: Array<[string, number, string | undefined]> = [];
    for (let m = regex!.exec(text); m; m = regex!.exec(text))
      found.push([m[0], m.index, m.groups?.user]);
    expect(found).toEqual([
      ['bob@shop', 3, 'bob'],
      ['eve@bank', 16, 'eve'],
    ]);
    expect(regex!.lastIndex).toBe(0);
  });

  test('a non-global exec always starts at 0', () => {
    const { regex } = compilePattern('b');
    expect(regex!.exec('abcb')!.index).toBe(1);
    expect(regex!.exec('abcb')!.index).toBe(1);
  });
});

describe('compileGlob: one dialect', () => {
  test.each([
    ['/health', '/health', true],
    ['/health', '/healthz', false],
    ['/api/*', '/api/users', true],
    ['/api/*', '/api/users/1', false],
    ['/api/**', '/api/users/1', true],
    ['**.png', '/static/a/b.png', true],
    ['/api/*/orders', '/api/v1/orders', true],
    ['/api/*/orders', '/api/v1/x/orders', false],
    ['/item/?', '/item/7', true],
    ['/item/?', '/item/', false],
    ['http.request.header.*', 'http.request.header.authorization', true],
    ['a.b', 'axb', false],
    ['*a*a*a*a*a*a*b', 'a'.repeat(5000), false],
  ])('%s ~ %s', (glob, text, expected) => {
    expect(compileGlob(glob)(text)).toBe(expected);
  });
});
