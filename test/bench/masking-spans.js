'use strict';
// Span factories for the masking benchmark: real SDK spans from a provider with no processors.
const { SpanKind } = require('@opentelemetry/api');
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');

const tracer = new BasicTracerProvider().getTracer('bench');

/** A typical HTTP server span (stable semconv), nothing in it to mask. */
function cleanAttributes() {
  return {
    'http.request.method': 'GET',
    'url.scheme': 'https',
    'url.path': '/api/users/123/orders',
    'url.query': 'page=2&sort=asc',
    'server.address': 'api.example.com',
    'server.port': 8080,
    'network.protocol.version': '1.1',
    'http.route': '/api/users/:id/orders',
    'http.response.status_code': 200,
    'user_agent.original': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36',
    'client.address': '10.0.0.1',
    'network.peer.address': '10.0.0.1',
    'network.peer.port': 51234,
  };
}

/** The same span with 3 values to mask: an email and a token in the query, a captured authorization header. */
function dirtyAttributes() {
  return {
    ...cleanAttributes(),
    'url.query': 'email=alice@example.com&token=abc123def&sort=asc',
    'http.request.header.authorization': ['Bearer eyJhbGciOi.payload.sig'],
  };
}

function makeSpan(attributes) {
  return tracer.startSpan('GET /api/users/:id/orders', { kind: SpanKind.SERVER, attributes });
}

/** A span with one attribute holding `value`. */
function spanWith(value) {
  return tracer.startSpan('adversarial', { attributes: { 'app.payload': value } });
}

module.exports = { cleanAttributes, dirtyAttributes, makeSpan, spanWith };
