import { SpanKind } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace-base';

// Read once: each `SpanKind.X` in the compiled CommonJS is a getter call on the API's exports.
const { CLIENT, PRODUCER, INTERNAL } = SpanKind;

/**
 * Scopes of instrumentations (a library's spans made on nobody's explicit request), as opposed to the tracers an app
 * names itself. Upstream's and most third-party ones carry "instrumentation" in their name; the others are listed.
 */
const OTHER_INSTRUMENTATION_SCOPES: ReadonlySet<string> = new Set(['prisma', '@fastify/otel']);

/** Instrumentations of web frameworks: their INTERNAL spans (middleware, handlers, resolvers) only run in a request. */
const FRAMEWORK_SCOPE =
  /(?:^|[/-])(?:express|koa|fastify|hapi|connect|restify|router|nestjs-core|graphql|dataloader)$|^@fastify\/otel$/;

/** True when the span comes from an instrumentation, not from a tracer the app named itself. */
export function isInstrumentationScope(scope: string): boolean {
  return scope.includes('instrumentation') || OTHER_INSTRUMENTATION_SCOPES.has(scope);
}

/**
 * True when a parentless `span` is one whose instrumentation normally runs inside a request or a message: a CLIENT or
 * PRODUCER span (HTTP calls, database queries, publishes), an INTERNAL span of a framework instrumentation, or an
 * INTERNAL span that describes a database call (`db.system`/`db.system.name` set when it starts). Spans of tracers
 * the app named itself are never counted: an app's own parentless span is a trace it asked for.
 */
export function runsInsideRequests(span: Span): boolean {
  // Kind first: a parentless SERVER or CONSUMER span (every request without a traceparent) returns before any string
  // is looked at.
  switch (span.kind) {
    case CLIENT:
    case PRODUCER:
      return isInstrumentationScope(span.instrumentationScope.name);
    case INTERNAL: {
      const scope = span.instrumentationScope.name;
      return (
        isInstrumentationScope(scope) &&
        (FRAMEWORK_SCOPE.test(scope) ||
          span.attributes['db.system'] !== undefined ||
          span.attributes['db.system.name'] !== undefined)
      );
    }
    default:
      return false;
  }
}
