import { context, SpanKind, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NextSpanProcessor } from '../src/next-span-processor';
import { DEFAULT_STRIP_PARAMS } from '../src/query-noise';

function setup() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [
      new NextSpanProcessor(DEFAULT_STRIP_PARAMS),
      new SimpleSpanProcessor(exporter),
    ],
  });
  return { tracer: provider.getTracer('test'), exporter };
}

describe('NextSpanProcessor', () => {
  // The shape Next.js produces: HTTP SERVER span → BaseServer.handleRequest → render span carrying next.route.
  test('names the HTTP SERVER span by the route of the render span, even when it ends before handleRequest', () => {
    const { tracer, exporter } = setup();
    const http = tracer.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.query': '_rsc=abc12',
        'url.path': '/orders/42',
      },
    });
    const inHttp = trace.setSpan(context.active(), http);
    const handle = tracer.startSpan(
      'GET',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'next.span_type': 'BaseServer.handleRequest',
          'http.target': '/orders/42?_rsc=abc12',
        },
      },
      inHttp,
    );
    const render = tracer.startSpan(
      'render route (app) /orders/[id]',
      { attributes: { 'next.route': '/orders/[id]' } },
      trace.setSpan(inHttp, handle),
    );
    render.end();
    http.end(); // before Next.js's span, as happens for route handlers
    handle.end();
    const [httpOut] = exporter
      .getFinishedSpans()
      .filter((s) => s.spanContext().spanId === http.spanContext().spanId);
    expect(httpOut.name).toBe('GET /orders/[id]');
    expect(httpOut.attributes['http.route']).toBe('/orders/[id]');
    expect(httpOut.attributes).not.toHaveProperty('url.query');
    const handleOut = exporter.getFinishedSpans().find((s) => s.attributes['next.span_type'])!;
    expect(handleOut.attributes['http.target']).toBe('/orders/42');
    expect(handleOut.name).toBe('GET'); // Next.js names its own span; we leave it
  });

  test('strips framework params from names and URL attributes, keeps the others', () => {
    const { tracer, exporter } = setup();
    tracer
      .startSpan('GET /orders/42?_rsc=1&page=2', {
        attributes: {
          'url.full': 'http://shop/orders/42?page=2&_rsc=1',
          'url.query': 'page=2&_rsc=1',
        },
      })
      .end();
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('GET /orders/42?page=2');
    expect(span.attributes['url.full']).toBe('http://shop/orders/42?page=2');
    expect(span.attributes['url.query']).toBe('page=2');
  });

  test('a SERVER span without a route keeps its name', () => {
    const { tracer, exporter } = setup();
    tracer
      .startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } })
      .end();
    expect(exporter.getFinishedSpans()[0].name).toBe('GET');
  });
});
