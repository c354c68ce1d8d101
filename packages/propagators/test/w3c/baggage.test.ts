import { ROOT_CONTEXT, baggageEntryMetadataFromString, propagation } from '@opentelemetry/api';
import type { BaggageEntry } from '@opentelemetry/api';
import { StrictBaggagePropagator } from '@otelkit/propagators';
import { extract, forward, inject } from '../support/round-trip';

const propagator = new StrictBaggagePropagator();

function received(header: string | string[]): Record<string, { value: string; metadata?: string }> {
  const baggage = propagation.getBaggage(extract(propagator, { baggage: header }));
  const out: Record<string, { value: string; metadata?: string }> = {};
  for (const [key, entry] of baggage?.getAllEntries() ?? []) {
    out[key] = entry.metadata
      ? { value: entry.value, metadata: entry.metadata.toString() }
      : { value: entry.value };
  }
  return out;
}

function sent(entries: Record<string, BaggageEntry>): string | undefined {
  return inject(
    propagator,
    propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries)),
  ).baggage;
}

describe('baggage extract', () => {
  test.each<[string, string | string[], Record<string, { value: string; metadata?: string }>]>([
    ['simple', 'a=1,b=2', { a: { value: '1' }, b: { value: '2' } }],
    ['OWS everywhere', ' a = 1 ,\tb\t=\t2 ', { a: { value: '1' }, b: { value: '2' } }],
    ['percent-decoded UTF-8', 'city=S%C3%A3o%20Paulo', { city: { value: 'São Paulo' } }],
    ['encoded comma, semicolon, equals', 'v=%2C%3B%3D', { v: { value: ',;=' } }],
    ['plus is not a space', 'v=a+b', { v: { value: 'a+b' } }],
    ['empty value', 'v=', { v: { value: '' } }],
    ['properties kept as metadata', 'k=v;p1;p2=x', { k: { value: 'v', metadata: 'p1;p2=x' } }],
    [
      'properties with OWS normalised',
      'k=v ; p1 ; p2 = x',
      { k: { value: 'v', metadata: 'p1;p2=x' } },
    ],
    ['repeated headers are combined', ['a=1', 'b=2'], { a: { value: '1' }, b: { value: '2' } }],
    ['member without = is dropped, others kept', 'a,b=2', { b: { value: '2' } }],
    ['invalid key dropped', 'a b=1,c=3', { c: { value: '3' } }],
    ['raw space in value dropped', 'a=x y,c=3', { c: { value: '3' } }],
    ['raw non-ASCII in value dropped', 'a=é,c=3', { c: { value: '3' } }],
    ['bad percent-encoding dropped', 'a=%E0%A4%A,b=%ZZ,c=3', { c: { value: '3' } }],
    ['invalid property drops the member', 'a=1;p q=1,c=3', { c: { value: '3' } }],
    ['empty members skipped', 'a=1,,,c=3', { a: { value: '1' }, c: { value: '3' } }],
    ['later duplicate wins', 'a=1,a=2', { a: { value: '2' } }],
  ])('%s', (_name, header, expected) => {
    expect(received(header)).toEqual(expected);
  });

  test('at most 64 members are taken', () => {
    const header = Array.from({ length: 70 }, (_, i) => `k${i}=${i}`).join(',');
    const keys = Object.keys(received(header));
    expect(keys).toHaveLength(64);
    expect(keys[63]).toBe('k63');
  });

  test('at most 8192 bytes are taken, in whole members', () => {
    const member = (i: number) => `k${String(i).padStart(3, '0')}=${'v'.repeat(1000)}`; // 1005 bytes
    const header = Array.from({ length: 9 }, (_, i) => member(i)).join(',');
    const got = received(header);
    // 8 members + 7 commas = 8047 bytes; a 9th would be 9053.
    expect(Object.keys(got)).toHaveLength(8);
    for (const entry of Object.values(got)) expect(entry.value).toBe('v'.repeat(1000));
  });

  test('an oversized member is skipped and smaller ones after it still fit', () => {
    const header = `big=${'x'.repeat(9000)},small=1`;
    expect(received(header)).toEqual({ small: { value: '1' } });
  });

  test('no baggage header leaves the context unchanged', () => {
    expect(extract(propagator, {})).toBe(ROOT_CONTEXT);
  });
});

describe('baggage inject', () => {
  test('values are percent-encoded and decode back', () => {
    const header = sent({ city: { value: 'São Paulo, 50%;=' } });
    expect(header).toBe('city=S%C3%A3o%20Paulo%2C%2050%25%3B%3D');
    expect(received(header as string)).toEqual({ city: { value: 'São Paulo, 50%;=' } });
  });

  test('metadata is sent as properties; invalid metadata is dropped, the member kept', () => {
    expect(sent({ k: { value: 'v', metadata: baggageEntryMetadataFromString('p1;p2=x') } })).toBe(
      'k=v;p1;p2=x',
    );
    expect(sent({ k: { value: 'v', metadata: baggageEntryMetadataFromString('bad key') } })).toBe(
      'k=v',
    );
  });

  test('invalid keys and lone surrogates are skipped', () => {
    expect(sent({ 'bad key': { value: '1' }, ok: { value: '2' }, lone: { value: '\ud800' } })).toBe(
      'ok=2',
    );
  });

  test('64 members at most', () => {
    const entries = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`k${i}`, { value: String(i) }]),
    );
    expect(sent(entries)?.split(',')).toHaveLength(64);
  });

  test('8192 bytes at most, never a partial member', () => {
    const entries = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, { value: 'é'.repeat(200) }]),
    );
    const header = sent(entries) as string;
    expect(Buffer.byteLength(header)).toBeLessThanOrEqual(8192);
    const members = header.split(',');
    expect(members).toHaveLength(6); // each member is 1203 bytes once encoded
    for (const m of members) expect(m).toMatch(/^k\d=(%C3%A9){200}$/);
  });

  test('round trip through two hops is stable', () => {
    const header = 'a=1;p,city=S%C3%A3o%20Paulo';
    expect(forward(propagator, { baggage: header }).baggage).toBe(header);
  });
});
