import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { repairedSpanName, SpanNameProcessor } from '../../src/sdk/span-name';

describe('blank-edged span names are repaired; every other name is left alone', () => {
  test.each<[string, Record<string, unknown>, string | undefined]>([
    ['GET /users/:id', {}, undefined],
    ['SELECT 1', { 'db.system.name': 'mysql' }, undefined],
    ['x', {}, undefined],
    ['\nSELECT 1', {}, 'SELECT 1'],
    ['\n  SELECT id\n  FROM users\n  WHERE id = ?', {}, 'SELECT id'],
    ['\r\n\t\r\n  UPDATE t SET a = 1  \r\n', {}, 'UPDATE t SET a = 1'],
    ['GET ', {}, 'GET'],
    [' ', {}, 'span'],
    ['', {}, 'span'],
    ['\u00a0\u2028SELECT 2', {}, 'SELECT 2'],
    ['\n', { 'db.system.name': 'mysql' }, 'mysql'],
    ['\n', { 'db.system': 'mysql' }, 'mysql'],
    [
      '\n',
      { 'db.operation.name': 'SELECT', 'db.collection.name': 'users', 'db.system.name': 'mysql' },
      'SELECT users',
    ],
    ['\n', { 'db.operation.name': 'SELECT', 'db.system.name': 'mysql' }, 'SELECT'],
    ['\n', { 'db.operation': 'find', 'db.sql.table': 'orders' }, 'find orders'],
    // What mysql2 sends for a query written on indented lines: the text up to its first space.
    ['\n', { 'db.system.name': 'mysql', 'db.query.text': '\n  select id\n  from users' }, 'SELECT'],
    ['\n', { 'db.system': 'mysql', 'db.statement': '\n  UPDATE t SET a = 1' }, 'UPDATE'],
    ['\n', { 'db.system.name': 'mysql', 'db.query.text': '\n  (SELECT 1)' }, 'mysql'],
    ['  ', { 'db.system.name': '  ', 'db.operation.name': 3 }, 'span'],
  ])('%j with %j → %j', (name, attributes, expected) => {
    expect(repairedSpanName(name, attributes)).toBe(expected);
  });
});

test.each<[string, string, Record<string, unknown>, string]>([
  ['a 500-character first line is cut to 128', `\n${'a'.repeat(500)}\n`, {}, 'a'.repeat(128)],
  [
    'only the first 4,096 characters are scanned: 10,000 blanks give the database fallback',
    `${' '.repeat(10_000)}SELECT 1`,
    { 'db.system.name': 'postgresql' },
    'postgresql',
  ],
])('bounded: %s', (_what, name, attributes, expected) => {
  expect(repairedSpanName(name, attributes)).toBe(expected);
});

describe('SpanNameProcessor', () => {
  test('a span named "\\nSELECT 1" reaches the exporter named "SELECT 1", before later processors see it', () => {
    const exporter = new InMemorySpanExporter();
    const seenByNext: string[] = [];
    const provider = new BasicTracerProvider({
      spanProcessors: [
        new SpanNameProcessor(),
        {
          onStart: () => undefined,
          onEnding: (span) => void seenByNext.push(span.name),
          onEnd: () => undefined,
          forceFlush: () => Promise.resolve(),
          shutdown: () => Promise.resolve(),
        },
        new SimpleSpanProcessor(exporter),
      ],
    });
    const tracer = provider.getTracer('mysql2');
    tracer.startSpan('\nSELECT 1', { attributes: { 'db.system.name': 'mysql' } }).end();
    tracer.startSpan('\n', { attributes: { 'db.system.name': 'mysql' } }).end();
    tracer.startSpan('GET /').end();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      'SELECT 1',
      'mysql',
      'GET /',
    ]);
    expect(seenByNext).toEqual(['SELECT 1', 'mysql', 'GET /']);
  });
});
