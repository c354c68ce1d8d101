import { replaceMatches } from '../src/replace-matches';

// The exec loop must behave exactly like String#replace with a function, including the awkward cases.
describe('replaceMatches gives what String#replace gives', () => {
  // Every regex below has a group 1, so the second argument of the replace callback is that group.
  const tag = (match: string, first: unknown): string => `<${match}|${String(first)}>`;
  test.each<[string, RegExp, string]>([
    ['no match', /(z+)/g, 'abc'],
    ['one match', /(b+)/g, 'abbbc'],
    ['several matches', /(\d+)/g, 'a1b22c333'],
    ['groups, one unmatched', /(a)|(b)/g, 'abab'],
    ['empty matches', /(x*)/g, 'axxb'],
    ['empty matches over a surrogate pair, u flag', /()/gu, 'a😀b'],
    ['empty matches over a surrogate pair, no u flag', /()/g, 'a😀b'],
    ['case-insensitive', /(secret)/gi, 'Secret and SECRET'],
    ['match at both ends', /(^a|a$)/g, 'aba'],
  ])('%s', (_name, regex, text) => {
    const expected = text.replace(regex, (match: string, first: unknown) => tag(match, first));
    expect(replaceMatches(regex, text, (m) => tag(m[0], m[1]))).toBe(expected);
  });

  test('named groups are on the match', () => {
    const out = replaceMatches(/(?<digit>\d)/g, 'a1b2', (m) => `[${m.groups?.digit}]`);
    expect(out).toBe('a[1]b[2]');
  });

  test('the same string comes back when every match is kept', () => {
    const text = 'a1b2'.repeat(2);
    expect(replaceMatches(/\d/g, text, (m) => m[0])).toBe(text);
  });

  test('a non-global regex replaces the first match only, and does not loop', () => {
    expect(replaceMatches(/\d/, 'a1b2', () => '#')).toBe('a#b2');
  });

  test('a regex left with a lastIndex from earlier use still scans from the start', () => {
    const regex = /\d/g;
    regex.lastIndex = 3;
    expect(replaceMatches(regex, 'a1b2', () => '#')).toBe('a#b#');
  });
});
