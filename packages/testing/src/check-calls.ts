import { finding, spanLabel } from './integrity-finding';
import {
  clientPeer,
  endpointHost,
  endpointPort,
  messagingDestination,
  serverEndpoints,
  type Endpoint,
} from './peer-endpoint';
import type { CompiledIntegrityOptions, TraceView } from './internal-types';
import type { IntegrityFinding, ReceivedSpan, SpanKindName, TraceNode } from './types';

/** What the test's own services expose: where their SERVER spans were reached, and what their consumers read. */
export interface ServicesInTest {
  /** Endpoint → the service whose SERVER span recorded it. */
  endpoints: Map<Endpoint, string>;
  /** Services that produced SERVER spans, by name (a caller may use it as host name, as in docker compose). */
  servers: Set<string>;
  destinations: Set<string>;
  /** `traceId:spanId` of every span a CONSUMER span links to. */
  linked: Set<string>;
}

export function servicesInTest(spans: readonly ReceivedSpan[]): ServicesInTest {
  const found: ServicesInTest = {
    endpoints: new Map(),
    servers: new Set(),
    destinations: new Set(),
    linked: new Set(),
  };
  for (const span of spans) {
    const service = span.serviceName ?? '?';
    if (span.kindName === 'SERVER') {
      if (span.serviceName) found.servers.add(span.serviceName.toLowerCase());
      for (const e of serverEndpoints(span))
        if (!found.endpoints.has(e)) found.endpoints.set(e, service);
    } else if (span.kindName === 'CONSUMER') {
      const destination = messagingDestination(span);
      if (destination !== undefined) found.destinations.add(destination);
      for (const link of span.links) found.linked.add(`${link.traceId}:${link.spanId}`);
    }
  }
  return found;
}

/** The service of the test a CLIENT span called, if any. */
function calledService(peer: Endpoint, services: ServicesInTest): string | undefined {
  const host = endpointHost(peer);
  return (
    services.endpoints.get(peer) ??
    services.endpoints.get(`*:${endpointPort(peer)}`) ??
    (services.servers.has(host) ? host : undefined)
  );
}

/**
 * Whether a `callee` span (or one `isAnswer` accepts) hangs off the span: as a child, or below CLIENT, INTERNAL or
 * PRODUCER spans of the caller's own service, since a client library's span often wraps the transport's.
 */
function answered(
  node: TraceNode,
  callee: SpanKindName,
  isAnswer: (n: TraceNode) => boolean,
): boolean {
  const service = node.span.serviceName;
  const stack = [...node.children];
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (child.span.kindName === callee || isAnswer(child)) return true;
    const passThrough =
      child.span.serviceName === service &&
      (child.span.kindName === 'CLIENT' ||
        child.span.kindName === 'INTERNAL' ||
        child.span.kindName === 'PRODUCER');
    if (passThrough) stack.push(...child.children);
  }
  return false;
}

/**
 * CLIENT spans that called a service of the test without a SERVER child, and PRODUCER spans that sent to a
 * destination consumed in the test without a CONSUMER child or a CONSUMER linking to them.
 */
export function checkCalls(
  trace: TraceView,
  services: ServicesInTest,
  opts: CompiledIntegrityOptions,
): IntegrityFinding[] {
  const out: IntegrityFinding[] = [];
  const key = (span: ReceivedSpan) => `${span.traceId}:${span.spanId}`;
  for (const { node } of trace.rows) {
    const { span } = node;
    if (span.kindName === 'CLIENT' && opts.runs('missing-server')) {
      const peer = clientPeer(span);
      const service = peer === undefined ? undefined : calledService(peer, services);
      if (service === undefined || answered(node, 'SERVER', () => false)) continue;
      out.push(
        finding(
          'missing-server',
          span,
          `${spanLabel(span)} called ${peer} (service ${service}) but has no SERVER child: ` +
            'the callee did not continue the trace (context not sent, or not extracted)',
          { peer },
        ),
      );
    } else if (span.kindName === 'PRODUCER' && opts.runs('missing-consumer')) {
      const destination = messagingDestination(span);
      if (destination === undefined || !services.destinations.has(destination)) continue;
      const linked = (n: TraceNode) => services.linked.has(key(n.span));
      if (linked(node) || answered(node, 'CONSUMER', linked)) continue;
      out.push(
        finding(
          'missing-consumer',
          span,
          `${spanLabel(span)} sent to "${destination}", consumed in this test, but no CONSUMER span is ` +
            'its child or links to it: the message did not carry the trace context',
          { peer: destination },
        ),
      );
    }
  }
  return out;
}
