import { recordOne } from './helpers/record';

const none = { preset: 'none' as const };

describe('key matchers', () => {
  test.each([
    ['exact', 'app.secret_id', ['app.secret_id'], ['app.secret_ids', 'x.app.secret_id']],
    ['glob *', 'app.*.token', ['app.a.token', 'app.a.b.token'], ['app.token', 'xapp.a.token']],
    ['glob ?', 'id?', ['id1', 'idx'], ['id', 'id12']],
    ['regex string with flags', '/^X-.*-KEY$/i', ['x-api-key', 'X-A-KEY'], ['x-api-keys']],
  ])('%s', (_name, pattern, hits, misses) => {
    const attributes = Object.fromEntries([...hits, ...misses].map((k) => [k, 'v']));
    const span = recordOne(
      { ...none, rules: [{ keys: pattern, action: 'redact' }] },
      { attributes },
    );
    for (const k of hits) expect(span.attributes[k]).toBe('[REDACTED]');
    for (const k of misses) expect(span.attributes[k]).toBe('v');
  });

  test('a RegExp object is used as is, stateful flags dropped', () => {
    const span = recordOne(
      { ...none, rules: [{ keys: /^a\d$/g, action: 'redact' }] },
      { attributes: { a1: 'v', a2: 'v', b1: 'v' } },
    );
    expect(span.attributes).toMatchObject({ a1: '[REDACTED]', a2: '[REDACTED]', b1: 'v' });
  });
});

describe('value matchers', () => {
  test('a value regex masks only the matching parts, keys optional', () => {
    const span = recordOne(
      { ...none, rules: [{ value: 'ORD-\\d+', action: 'redact', keys: 'msg*' }] },
      { attributes: { msg: 'ORD-1 and ORD-22', other: 'ORD-3' } },
    );
    expect(span.attributes).toMatchObject({ msg: '[REDACTED] and [REDACTED]', other: 'ORD-3' });
  });

  test('a detector can be a rule matcher restricted to keys', () => {
    const span = recordOne(
      { ...none, rules: [{ detector: 'email', keys: 'to', action: 'redact', mask: '<email>' }] },
      { attributes: { to: 'a@b.io', cc: 'c@d.io' } },
    );
    expect(span.attributes).toMatchObject({ to: '<email>', cc: 'c@d.io' });
  });
});

describe('allow-list and ignore-list', () => {
  test('allowKeys deletes every other span attribute but still masks allowed values', () => {
    const span = recordOne(
      { allowKeys: ['http.*', 'url.full'] },
      {
        attributes: {
          'http.method': 'GET',
          'url.full': 'https://x.io/?token=1',
          'user.id': 'bob',
          custom: 1,
        },
        events: [{ name: 'e', attributes: { custom: 1 } }],
      },
    );
    expect(span.attributes).toEqual({
      'http.method': 'GET',
      'url.full': 'https://x.io/?token=REDACTED',
      'otelkit.masking.count': 3,
    });
    expect(span.events[0].attributes).toEqual({ custom: 1 });
  });

  test('ignoreKeys are never touched, not even by detectors', () => {
    const span = recordOne(
      { ignoreKeys: ['app.contact'] },
      { attributes: { 'app.contact': 'a@b.io', other: 'a@b.io' } },
    );
    expect(span.attributes).toMatchObject({ 'app.contact': 'a@b.io', other: '[REDACTED]' });
  });
});

describe('targets', () => {
  test('in limits where a rule applies', () => {
    const span = recordOne(
      { ...none, rules: [{ value: 'secret\\d', action: 'redact', in: ['events'] }] },
      {
        name: 'secret1',
        attributes: { a: 'secret2' },
        events: [{ name: 'e', attributes: { a: 'secret3' } }],
      },
    );
    expect(span.name).toBe('secret1');
    expect(span.attributes.a).toBe('secret2');
    expect(span.events[0].attributes).toEqual({ a: '[REDACTED]' });
  });
});
