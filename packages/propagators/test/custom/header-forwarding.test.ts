import { ROOT_CONTEXT, context, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ForwardedHeadersSpanProcessor,
  HeaderForwardingPropagator,
  getForwardedHeaders,
  setForwardedHeaders,
} from '@otelkit/propagators';
import { extract, forward, inject } from '../support/round-trip';

const forwarding = new HeaderForwardingPropagator({ headers: ['x-request-id', 'X-Tenant-Id'] });

describe('HeaderForwardingPropagator', () => {
  test('named incoming headers are sent on outgoing calls made in that context', () => {
    const out = forward(forwarding, {
      'x-request-id': 'req-1',
      'x-tenant-id': 'acme',
      other: 'no',
    });
    expect(out).toEqual({ 'x-request-id': 'req-1', 'x-tenant-id': 'acme' });
  });

  test.each<[string, string | string[], string | undefined]>([
    ['plain', 'abc-123', 'abc-123'],
    ['OWS trimmed', '  abc  ', 'abc'],
    ['repeated header joined', ['a', 'b'], 'a, b'],
    ['CR/LF never forwarded', 'abc\r\nx-evil: 1', undefined],
    ['non-ASCII not forwarded', 'ünïcode', undefined],
    ['NUL not forwarded', 'a\u0000b', undefined],
    ['too long not forwarded', 'x'.repeat(1025), undefined],
    ['1024 is fine', 'x'.repeat(1024), 'x'.repeat(1024)],
    ['empty not forwarded', '', undefined],
  ])('value %s', (_name, value, expected) => {
    expect(forward(forwarding, { 'x-request-id': value })['x-request-id']).toBe(expected);
  });

  test('a header the caller already set on the outgoing object is not overwritten', () => {
    const ctx = extract(forwarding, { 'x-request-id': 'incoming' });
    const outgoing: Record<string, string> = { 'X-Request-Id': 'explicit' };
    forwarding.inject(ctx, outgoing, defaultTextMapSetter);
    expect(outgoing).toEqual({ 'X-Request-Id': 'explicit' });
  });

  test('nothing is forwarded when tracing is suppressed (exporter calls)', () => {
    const ctx = extract(forwarding, { 'x-request-id': 'r' });
    expect(inject(forwarding, suppressTracing(ctx))).toEqual({});
  });

  test('getForwardedHeaders / setForwardedHeaders for code', () => {
    const ctx = setForwardedHeaders(ROOT_CONTEXT, { 'X-Request-Id': 'r1' });
    expect(getForwardedHeaders(ctx)).toEqual({ 'x-request-id': 'r1' });
    expect(getForwardedHeaders(ROOT_CONTEXT)).toEqual({});
    expect(inject(forwarding, ctx)).toEqual({ 'x-request-id': 'r1' });
  });

  test('no configured header present leaves the context unchanged', () => {
    expect(extract(forwarding, { other: '1' })).toBe(ROOT_CONTEXT);
  });
});

describe('ForwardedHeadersSpanProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new ForwardedHeadersSpanProcessor(), new SimpleSpanProcessor(exporter)],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(contextManager));
  afterAll(() => context.disable());

  test('records forwarded headers on the server span and its descendants', () => {
    const tracer = provider.getTracer('t');
    const incoming = extract(forwarding, { 'x-request-id': 'req-9' });
    const server = tracer.startSpan('server', {}, incoming);
    context.with(trace.setSpan(incoming, server), () => tracer.startSpan('child').end());
    server.end();
    const attributes = exporter
      .getFinishedSpans()
      .map((s) => s.attributes['otelkit.forwarded_header.x-request-id']);
    expect(attributes).toEqual(['req-9', 'req-9']);
  });
});
