import { SpanKind, trace, type Context, type Span as ApiSpan } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { stripParams, stripQuery } from './query-noise';

// Attributes that carry the request URL in the old and the stable HTTP conventions, and Next.js's own.
const URL_KEYS = ['url.full', 'http.target', 'http.url', 'next.span_name'];

const HANDLE_REQUEST = 'BaseServer.handleRequest';

type AttributeBag = Record<string, unknown>;

/**
 * Next.js-aware span clean-up, in `onEnding` while spans are still writable:
 * - the HTTP SERVER span is named `{METHOD} {route template}`. Next.js copies the route onto it only when its own
 *   `BaseServer.handleRequest` span ends, which can be after the HTTP span has ended (route handlers often are), so
 *   the route is also taken from the first span that starts under handleRequest with `next.route` (the render or
 *   route-handler span), while the HTTP span is certainly still open;
 * - framework query parameters (`_rsc` and co., high-cardinality cache busters) leave span names and URL attributes.
 * It never throws into the span pipeline.
 */
export class NextSpanProcessor implements SpanProcessor {
  private readonly params: readonly string[];
  /** handleRequest span id → the span enclosing it (the HTTP SERVER span); entries live while the request runs. */
  private readonly hosts = new Map<string, ApiSpan>();

  constructor(stripQueryParams: readonly string[]) {
    this.params = stripQueryParams;
  }

  onStart(span: Span, parentContext: Context): void {
    const attributes = span.attributes as AttributeBag;
    if (attributes['next.span_type'] === HANDLE_REQUEST) {
      const host = trace.getSpan(parentContext);
      if (host?.isRecording()) this.hosts.set(span.spanContext().spanId, host);
      return;
    }
    const route = attributes['next.route'];
    const parentId = span.parentSpanContext?.spanId;
    if (typeof route !== 'string' || parentId === undefined) return;
    this.hosts.get(parentId)?.setAttribute('http.route', route);
  }

  onEnding(span: Span): void {
    if (this.hosts.size > 0) this.hosts.delete(span.spanContext().spanId);
    try {
      this.clean(span);
    } catch {
      // a malformed attribute must not cost the span
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private clean(span: Span): void {
    const attributes = span.attributes as AttributeBag;
    const params = this.params;
    if (params.length > 0) {
      for (const key of URL_KEYS) {
        const value = attributes[key];
        if (typeof value === 'string') attributes[key] = stripParams(value, params);
      }
      const query = attributes['url.query'];
      if (typeof query === 'string') {
        const kept = stripQuery(query, params);
        if (kept === '') delete attributes['url.query'];
        else attributes['url.query'] = kept;
      }
      const name = stripParams(span.name, params);
      if (name !== span.name) span.updateName(name);
    }
    const route = attributes['http.route'];
    if (
      span.kind !== SpanKind.SERVER ||
      typeof route !== 'string' ||
      'next.span_type' in attributes
    )
      return;
    const method = attributes['http.request.method'] ?? attributes['http.method'];
    if (typeof method === 'string') span.updateName(`${method} ${route}`);
  }
}
