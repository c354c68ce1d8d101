import { createHmac } from 'node:crypto';
import { TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { MaskingSpanProcessor } from '@otelkit/masking';
import { record, recordOne } from './helpers/record';

const none = { preset: 'none' as const };

describe('actions', () => {
  test('redact replaces the whole value of matching keys, with a custom mask when given', () => {
    const span = recordOne(
      {
        ...none,
        rules: [
          { keys: 'a', action: 'redact' },
          { keys: 'b', action: 'redact', mask: '***' },
        ],
      },
      { attributes: { a: 'x', b: 'y', c: 'z' } },
    );
    expect(span.attributes).toEqual({
      a: '[REDACTED]',
      b: '***',
      c: 'z',
      'otelkit.masking.count': 2,
    });
  });

  test('hash is HMAC-SHA256 lowercase hex, stable across spans and processors', () => {
    const options = {
      ...none,
      hashKey: 'k1',
      rules: [{ keys: 'enduser.id', action: 'hash' as const }],
    };
    const expected = createHmac('sha256', 'k1').update('bob').digest('hex');
    const [first, second] = record(
      options,
      { attributes: { 'enduser.id': 'bob' } },
      { attributes: { 'enduser.id': 'bob' } },
    );
    const third = recordOne(options, { attributes: { 'enduser.id': 'bob' } });
    expect(first.attributes['enduser.id']).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    expect(second.attributes['enduser.id']).toBe(expected);
    expect(third.attributes['enduser.id']).toBe(expected);
    expect(
      recordOne({ ...options, hashKey: 'k2' }, { attributes: { 'enduser.id': 'bob' } }).attributes[
        'enduser.id'
      ],
    ).not.toBe(expected);
  });

  test('hash on a value pattern hashes each matched part', () => {
    const span = recordOne(
      { ...none, hashKey: 'k', rules: [{ detector: 'email', action: 'hash' }] },
      { attributes: { m: 'to a@b.io and a@b.io' } },
    );
    const h = createHmac('sha256', 'k').update('a@b.io').digest('hex');
    expect(span.attributes.m).toBe(`to ${h} and ${h}`);
  });

  test('a hash rule takes precedence over the email detector that would redact', () => {
    const span = recordOne(
      { hashKey: 'k', rules: [{ keys: 'user.email', action: 'hash' }] },
      { attributes: { 'user.email': 'a@b.io' } },
    );
    expect(span.attributes['user.email']).toBe(
      createHmac('sha256', 'k').update('a@b.io').digest('hex'),
    );
  });

  test('truncate cuts at a UTF-8 byte budget without splitting a character', () => {
    // "né€😀": n=1 byte, é=2, €=3, 😀=4 (a surrogate pair).
    const span = recordOne(
      { ...none, rules: [{ keys: ['t*'], action: 'truncate', maxBytes: 5 }] },
      { attributes: { t1: 'né€😀', t2: 'ab😀cd', t3: 'short' } },
    );
    expect(span.attributes).toMatchObject({ t1: 'né', t2: 'ab', t3: 'short' });
    expect(span.attributes['otelkit.masking.count']).toBe(2);
  });

  test('delete removes matching keys; with a value pattern only when the value matches', () => {
    const span = recordOne(
      {
        ...none,
        rules: [
          { keys: 'gone', action: 'delete' },
          { value: '^internal-', action: 'delete' },
        ],
      },
      { attributes: { gone: 1, keep: 'public-1', drop: 'internal-1' } },
    );
    expect(span.attributes).toEqual({ keep: 'public-1', 'otelkit.masking.count': 2 });
  });

  test('replace expands capture groups and named groups', () => {
    const span = recordOne(
      {
        ...none,
        rules: [
          { value: /(\d{3})-(?<last>\d{4})/, action: 'replace', replacement: '$1-XXXX/$<last>/$$' },
        ],
      },
      { attributes: { p: 'call 555-1234 or 555-9876' } },
    );
    expect(span.attributes.p).toBe('call 555-XXXX/1234/$ or 555-XXXX/9876/$');
    expect(span.attributes['otelkit.masking.count']).toBe(2);
  });

  test('drop-span keeps a matching span from the exporter and leaves others', () => {
    const spans = record(
      {
        ...none,
        rules: [{ action: 'drop-span', where: { attributes: { 'http.route': '/health' } } }],
      },
      { name: 'health', attributes: { 'http.route': '/health' } },
      { name: 'users', attributes: { 'http.route': '/users' } },
    );
    expect(spans.map((s) => s.name)).toEqual(['users']);
    expect(spans[0].spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
  });

  test('the summary attribute counts masked values across attributes, events, links, name and status, and is absent when nothing was masked', () => {
    const span = recordOne(
      {},
      {
        name: 'GET /x?token=abc',
        attributes: { 'db.password': 'p', note: 'a@b.io, c@d.io' },
        events: [{ name: 'e', attributes: { m: 'password=x' } }],
        links: [
          {
            context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 },
            attributes: { l: 'e@f.io' },
          },
        ],
        statusMessage: 'failed for g@h.io',
      },
    );
    expect(span.name).toBe('GET /x?token=REDACTED');
    expect(span.events[0].attributes).toEqual({ m: 'password=REDACTED' });
    expect(span.links[0].attributes).toEqual({ l: '[REDACTED]' });
    expect(span.status.message).toBe('failed for [REDACTED]');
    expect(span.attributes['otelkit.masking.count']).toBe(7);
    expect(recordOne({}, { attributes: { ok: 1 } }).attributes).toEqual({ ok: 1 });
    expect(
      recordOne({ summaryAttribute: false }, { attributes: { 'db.password': 'p' } }).attributes,
    ).toEqual({ 'db.password': '[REDACTED]' });
  });

  test('resource attributes are masked once', () => {
    const [a, b] = record(
      {},
      { resource: { 'process.command_args': ['node', 'app.js', '--password=hunter2'] } },
      {},
    );
    expect(a.resource.attributes['process.command_args']).toEqual([
      'node',
      'app.js',
      '--password=REDACTED',
    ]);
    expect(b.resource).toBe(a.resource);
    expect(a.attributes['otelkit.masking.count']).toBeUndefined();
  });

  test('a resource still waiting on async attributes is masked on a later span, once they arrived', async () => {
    const resource = resourceFromAttributes({
      'service.name': 'shop',
      'db.password': Promise.resolve('hunter2'),
    });
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource,
      spanProcessors: [new MaskingSpanProcessor(), new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('test');
    expect(resource.asyncAttributesPending).toBe(true);
    tracer.startSpan('before').end();
    await resource.waitForAsyncAttributes?.();
    tracer.startSpan('after').end();
    tracer.startSpan('again').end();
    await provider.forceFlush();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['before', 'after', 'again']);
    expect(resource.attributes).toEqual({ 'service.name': 'shop', 'db.password': '[REDACTED]' });
  });
});
