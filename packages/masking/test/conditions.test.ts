import { SpanKind } from '@opentelemetry/api';
import { record } from './helpers/record';
import type { Condition } from '@otelkit/masking';

const spans = [
  {
    name: 'GET /users',
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/users', status: 500, flags: ['a', 'b'], v: 'x' },
  },
  {
    name: 'SELECT users',
    kind: SpanKind.CLIENT,
    attributes: { 'db.system': 'postgresql', status: 200, v: 'x' },
  },
  { name: 'work', kind: SpanKind.INTERNAL, attributes: { v: 'x' } },
];

function maskedNames(where: Condition): string[] {
  return record({ preset: 'none', rules: [{ keys: 'v', action: 'redact', where }] }, ...spans)
    .filter((s) => s.attributes.v === '[REDACTED]')
    .map((s) => s.name);
}

test.each<[string, Condition, string[]]>([
  ['span name glob: ** crosses /', { name: 'GET **' }, ['GET /users']],
  ['span name glob: * stops at /', { name: 'GET *' }, []],
  ['span name glob: ? is one character except /', { name: 'GET ?users' }, []],
  ['span name regex', { name: '/^select/i' }, ['SELECT users']],
  ['kind', { kind: 'client' }, ['SELECT users']],
  ['kind list', { kind: ['server', 'internal'] }, ['GET /users', 'work']],
  ['attribute pattern', { attributes: { 'db.system': 'postgres*' } }, ['SELECT users']],
  ['attribute number', { attributes: { status: 500 } }, ['GET /users']],
  ['number as text pattern', { attributes: { status: '2??' } }, ['SELECT users']],
  ['array attribute: any element', { attributes: { flags: 'b' } }, ['GET /users']],
  ['exists', { attributes: { 'http.route': { exists: true } } }, ['GET /users']],
  ['not exists', { attributes: { 'http.route': { exists: false } } }, ['SELECT users', 'work']],
  ['scope', { scope: 'test-*' }, ['GET /users', 'SELECT users', 'work']],
  ['AND of fields', { kind: 'server', attributes: { status: 200 } }, []],
])('%s', (_name, where, expected) => {
  expect(maskedNames(where)).toEqual(expected);
});
