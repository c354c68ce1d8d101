import { StrictTraceContextPropagator, StrictTraceState } from '@otelkit/propagators';
import { VALID, forward } from '../support/round-trip';

const propagator = new StrictTraceContextPropagator();

/** What this hop sends downstream for the given tracestate header value(s). */
function sentTraceState(tracestate: string | string[]): string | undefined {
  return forward(propagator, { traceparent: VALID, tracestate }).tracestate;
}

const members = (n: number, prefix = 'k') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}=${i}`).join(',');

// W3C trace-context test suite (tracestate cases): [name, header value(s), what is sent on].
const cases: [string, string | string[], string | undefined][] = [
  ['simple', 'foo=1', 'foo=1'],
  ['empty header is ignored', '', undefined],
  ['empty header combined with another', ['', 'foo=1'], 'foo=1'],
  ['two headers are concatenated', ['foo=1', 'bar=2'], 'foo=1,bar=2'],
  ['OWS around members', 'foo=1 \t , \t bar=2', 'foo=1,bar=2'],
  ['empty list members are skipped', 'foo=1,,,bar=2', 'foo=1,bar=2'],
  // The current spec lets a vendor discard duplicates; the first (most recent) member is kept, the list survives.
  ['duplicated key, same value', 'foo=1,foo=1', 'foo=1'],
  ['duplicated key, different values', 'foo=1,foo=2', 'foo=1'],
  ['duplicated key across headers', ['foo=1', 'foo=2'], 'foo=1'],
  ['duplicated key among others', 'foo=1,bar=2,foo=3,baz=4', 'foo=1,bar=2,baz=4'],
  ['duplicated key next to an invalid member', 'foo=1,foo=2,FOO=3', undefined],
  [
    'all allowed key characters',
    'abcdefghijklmnopqrstuvwxyz0123456789_-*/=1',
    'abcdefghijklmnopqrstuvwxyz0123456789_-*/=1',
  ],
  ['multi-tenant key', 'tenant@vendor=1', 'tenant@vendor=1'],
  ['multi-tenant key starting with digit', '1tenant@vendor=1', '1tenant@vendor=1'],
  ['space inside key', 'foo =1', undefined],
  ['uppercase key', 'FOO=1', undefined],
  ['dot in key', 'foo.bar=1', undefined],
  // Current key grammar: ( lcalpha / DIGIT ) then up to 255 of lcalpha / DIGIT / _ - * / @.
  ['key starting with digit', '1foo=1', '1foo=1'],
  ['@ at the end of the key', 'foo@=1,bar=2', 'foo@=1,bar=2'],
  ['key starting with @', '@foo=1,bar=2', undefined],
  ['double @', 'foo@@bar=1,bar=2', 'foo@@bar=1,bar=2'],
  ['two @', 'foo@bar@baz=1,bar=2', 'foo@bar@baz=1,bar=2'],
  ['digit after @', 'foo@1bar=1', 'foo@1bar=1'],
  ['simple key of 256', `${'z'.repeat(256)}=1`, `${'z'.repeat(256)}=1`],
  ['simple key of 257', `${'z'.repeat(257)}=1`, undefined],
  [
    'tenant 241 and vendor 14',
    `${'t'.repeat(241)}@${'v'.repeat(14)}=1`,
    `${'t'.repeat(241)}@${'v'.repeat(14)}=1`,
  ],
  ['242 before @ (no tenant limit now)', `${'t'.repeat(242)}@v=1`, `${'t'.repeat(242)}@v=1`],
  ['15 after @ (no vendor limit now)', `t@${'v'.repeat(15)}=1`, `t@${'v'.repeat(15)}=1`],
  ['key with @ of 257', `${'t'.repeat(242)}@${'v'.repeat(14)}=1`, undefined],
  [
    'all allowed value characters',
    'foo= !"#$%&\'()*+-./0123456789:;<>?@[\\]^_`{|}~',
    'foo= !"#$%&\'()*+-./0123456789:;<>?@[\\]^_`{|}~',
  ],
  ['value with =', 'foo=bar=baz', undefined],
  ['empty value', 'foo=,bar=3', undefined],
  ['value of 256', `foo=${'v'.repeat(256)}`, `foo=${'v'.repeat(256)}`],
  ['value of 257', `foo=${'v'.repeat(257)}`, undefined],
  ['value with non-ASCII', 'foo=é', undefined],
  ['member without =', 'foo', undefined],
  ['32 members', members(32), members(32)],
  ['33 members discard everything', members(33), undefined],
  [
    '32 members across two headers',
    [members(16, 'a'), members(16, 'b')],
    `${members(16, 'a')},${members(16, 'b')}`,
  ],
  ['33 members across two headers', [members(16, 'a'), members(17, 'b')], undefined],
];

describe('tracestate (W3C test suite cases)', () => {
  test.each(cases)('%s', (_name, value, sent) => {
    expect(sentTraceState(value)).toBe(sent);
  });

  test('tracestate without a valid traceparent is not propagated', () => {
    expect(forward(propagator, { tracestate: 'foo=1' })).toEqual({});
    expect(forward(propagator, { traceparent: 'garbage', tracestate: 'foo=1' })).toEqual({});
  });
});

describe('tracestate truncation to 512 characters (spec order)', () => {
  test('a list within 512 characters is sent whole', () => {
    const value = Array.from({ length: 8 }, (_, i) => `k${i}=${'x'.repeat(58)}`).join(',');
    expect(value.length).toBeLessThanOrEqual(512);
    expect(sentTraceState(value)).toBe(value);
  });

  test('entries longer than 128 characters go first, from the end, then entries from the end', () => {
    const small = (i: number) => `s${i}=${'x'.repeat(60)}`; // 63 characters
    const big = (i: number) => `b${i}=${'y'.repeat(200)}`; // 203 characters
    const list = [small(0), big(1), small(2), big(3), small(4), small(5)];
    // total 63*4 + 203*2 + 5 = 663 > 512: dropping big(3) gives 459 <= 512.
    expect(sentTraceState(list.join(','))).toBe(
      [small(0), big(1), small(2), small(4), small(5)].join(','),
    );
  });

  test('when large entries are not enough, small ones go from the end; never a partial entry', () => {
    const list = Array.from(
      { length: 12 },
      (_, i) => `k${String(i).padStart(2, '0')}=${'x'.repeat(60)}`,
    );
    const sent = sentTraceState(list.join(',')) as string;
    expect(sent.length).toBeLessThanOrEqual(512);
    expect(sent).toBe(list.slice(0, 7).join(','));
  });

  test('the budget is configurable upwards', () => {
    const list = Array.from({ length: 12 }, (_, i) => `k${i}=${'x'.repeat(60)}`).join(',');
    const roomy = new StrictTraceContextPropagator({ tracestateMaxLength: 1024 });
    expect(forward(roomy, { traceparent: VALID, tracestate: list }).tracestate).toBe(list);
  });

  test('a budget below the W3C minimum is a programming error', () => {
    expect(() => new StrictTraceContextPropagator({ tracestateMaxLength: 100 })).toThrow(
      /@otelkit\/propagators: option tracestateMaxLength is .*; expected a whole number from 512 to 16384/,
    );
  });
});

describe('StrictTraceState', () => {
  test('set moves the key to the front and ignores invalid input', () => {
    const state = StrictTraceState.parse('a=1,b=2') as StrictTraceState;
    expect(state.set('b', '3').serialize()).toBe('b=3,a=1');
    expect(state.set('UPPER', '1').serialize()).toBe('a=1,b=2');
    expect(state.set('c', 'x=y').serialize()).toBe('a=1,b=2');
    expect(state.unset('a').serialize()).toBe('b=2');
  });

  test('set beyond 32 members drops the oldest (last) one', () => {
    const state = StrictTraceState.parse(members(32)) as StrictTraceState;
    const next = state.set('new', '1');
    expect(next.get('new')).toBe('1');
    expect(next.get('k31')).toBeUndefined();
    expect(next.serialize().split(',')).toHaveLength(32);
  });
});
