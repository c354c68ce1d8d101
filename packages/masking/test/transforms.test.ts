import { SpanKind } from '@opentelemetry/api';
import { record, recordOne } from './helpers/record';
import type { Rule } from '@otelkit/masking';

function run(rules: Rule[], attributes: Record<string, string | number | string[]>, name = 'span') {
  return recordOne({ preset: 'none', rules }, { name, attributes });
}

test('replace_pattern normalises the Next.js _rsc parameter in an attribute and in the span name', () => {
  const rules: Rule[] = [
    {
      transform: 'replace_pattern',
      key: 'url.full',
      spanName: true,
      pattern: '_rsc=[a-z0-9]{5}',
      replacement: '_rsc=*',
    },
  ];
  const span = run(
    rules,
    { 'url.full': 'https://a.io/page?_rsc=1x9zq', other: '_rsc=abcde' },
    'GET /page?_rsc=ab12c',
  );
  expect(span.name).toBe('GET /page?_rsc=*');
  expect(span.attributes).toEqual({ 'url.full': 'https://a.io/page?_rsc=*', other: '_rsc=abcde' });
});

test('replace_pattern edits string array elements', () => {
  const span = run(
    [{ transform: 'replace_pattern', key: 'ids', pattern: /\d+/, replacement: '#' }],
    { ids: ['a1', 'b22'] },
  );
  expect(span.attributes.ids).toEqual(['a#', 'b#']);
});

test('delete_key and delete_matching_keys with where', () => {
  const rules: Rule[] = [
    { transform: 'delete_key', key: 'a', where: { kind: 'server' } },
    { transform: 'delete_matching_keys', pattern: 'debug.*' },
  ];
  const [server, client] = record(
    { preset: 'none', rules },
    { kind: SpanKind.SERVER, attributes: { a: 1, 'debug.x': 1, 'debug.y': 2, keep: 1 } },
    { kind: SpanKind.CLIENT, attributes: { a: 1, 'debug.x': 1 } },
  );
  expect(server.attributes).toEqual({ keep: 1 });
  expect(client.attributes).toEqual({ a: 1 });
});

test('set and rename', () => {
  const span = run(
    [
      { transform: 'set', key: 'deployment.ring', value: 'canary' },
      { transform: 'rename', from: 'old.key', to: 'new.key' },
      { transform: 'rename', from: 'missing', to: 'never' },
    ],
    { 'old.key': 'v' },
  );
  expect(span.attributes).toEqual({ 'deployment.ring': 'canary', 'new.key': 'v' });
});

test('limit keeps the preferred keys first, then insertion order', () => {
  const span = run([{ transform: 'limit', max: 3, keep: ['http.*'] }], {
    a: '1',
    b: '2',
    'http.method': 'GET',
    c: '3',
    'http.route': '/',
  });
  expect(Object.keys(span.attributes).sort()).toEqual(['a', 'http.method', 'http.route']);
});

test('truncate_all cuts every string at a UTF-8 budget', () => {
  const span = run([{ transform: 'truncate_all', maxBytes: 4 }], {
    s: 'héllo',
    arr: ['abcdef', 'xy'],
    n: 123456789,
  });
  expect(span.attributes).toEqual({ s: 'hél', arr: ['abcd', 'xy'], n: 123456789 });
});

test('transforms do not count as masking', () => {
  expect(run([{ transform: 'set', key: 'x', value: 1 }], {}).attributes).toEqual({ x: 1 });
});
