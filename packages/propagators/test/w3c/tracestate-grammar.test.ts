import { StrictTraceState } from '@otelkit/propagators';

// The tracestate list-member grammar of the current W3C Trace Context spec, one row per rule:
//   key      = ( lcalpha / DIGIT ) 0*255 ( keychar )
//   keychar  = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
//   value    = 0*255( chr ) nblk-chr   (printable ASCII without "," and "=", not ending in a space)
// A key is valid when StrictTraceState keeps it, both when parsed from a header and when set in code.

const KEYCHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/@';

const keys: [rule: string, key: string, valid: boolean][] = [
  ['one lowercase letter', 'a', true],
  ['one digit', '7', true],
  ['every keychar after the first', `a${KEYCHARS}`, true],
  ['digit first, then @', '0@', true],
  ['@ last', 'foo@', true],
  ['several @', 'a@b@c@@d', true],
  ['256 characters', 'k'.repeat(256), true],
  ['256 characters with @ early', `t@${'v'.repeat(254)}`, true],
  ['256 characters with @ late', `${'t'.repeat(254)}@v`, true],
  ['257 characters', 'k'.repeat(257), false],
  ['257 characters with @', `${'t'.repeat(128)}@${'v'.repeat(128)}`, false],
  ['empty', '', false],
  ['@ first', '@foo', false],
  ['_ first', '_foo', false],
  ['- first', '-foo', false],
  ['* first', '*foo', false],
  ['/ first', '/foo', false],
  ['uppercase first', 'Foo', false],
  ['uppercase later', 'fOo', false],
  ['dot', 'foo.bar', false],
  ['space inside', 'foo bar', false],
  ['colon', 'foo:bar', false],
  ['non-ASCII letter', 'fé', false],
];

const VALUE_CHARS = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i))
  .filter((c) => c !== ',' && c !== '=')
  .join('');

const values: [rule: string, value: string, valid: boolean][] = [
  ['one character', 'x', true],
  ['every allowed character, leading space', VALUE_CHARS, true],
  ['256 characters', 'v'.repeat(256), true],
  ['257 characters', 'v'.repeat(257), false],
  ['empty', '', false],
  ['ends in a space', 'x ', false],
  ['comma', 'a,b', false],
  ['equals sign', 'a=b', false],
  ['tab', 'a\tb', false],
  ['DEL', 'a\x7fb', false],
  ['non-ASCII', 'é', false],
];

describe('tracestate key grammar (W3C Trace Context, current)', () => {
  test.each(keys)('%s', (_rule, key, valid) => {
    const parsed = StrictTraceState.parse(`${key}=1,other=2`);
    expect(parsed?.get(key)).toBe(valid ? '1' : undefined);
    expect(parsed?.get('other')).toBe(valid ? '2' : undefined);
    expect(StrictTraceState.empty().set(key, '1').get(key)).toBe(valid ? '1' : undefined);
  });
});

describe('tracestate value grammar', () => {
  test.each(values)('%s', (_rule, value, valid) => {
    // Through set(): in a header a trailing space is OWS around the member and a comma ends it (see the list rules).
    expect(StrictTraceState.empty().set('k', value).get('k')).toBe(valid ? value : undefined);
  });
});

describe('tracestate list rules', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=${i}`).join(',');

  test.each<[rule: string, header: string | string[], kept: string | undefined]>([
    ['empty members and OWS-only members are skipped', ' , k=1 ,\t,', 'k=1'],
    ['OWS around members is not part of key or value', '\t a=1 \t,  b=2', 'a=1,b=2'],
    ['32 members', list(32), list(32)],
    ['33 members: the list is dropped', list(33), undefined],
    ['a repeated key keeps its first value', 'a=1,b=2,a=3', 'a=1,b=2'],
    ['a repeated key still counts toward 32', `${list(32)},k0=9`, undefined],
    ['one invalid member drops the list', 'a=1,B=2', undefined],
    ['a value keeps its leading spaces, loses trailing OWS', 'a=  x  ,b=2', 'a=  x,b=2'],
    ['an empty value drops the list', 'a=,b=2', undefined],
    ['repeated headers are one list, in order', ['a=1', 'b=2', '', 'c=3'], 'a=1,b=2,c=3'],
  ])('%s', (_rule, header, kept) => {
    expect(StrictTraceState.parse(header)?.serialize()).toBe(kept);
  });
});
