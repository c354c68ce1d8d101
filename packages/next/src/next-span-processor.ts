import { SpanKind, trace, type AttributeValue, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HeldRoots } from './held-roots';
import { stripParams, stripQuery } from './query-noise';

// Attributes that carry the request URL in the old and the stable HTTP conventions, and Next.js's own.
const URL_KEYS = ['url.full', 'http.target', 'http.url', 'next.span_name'];

type AttributeBag = Record<string, unknown>;

/** Requests in flight whose Next.js spans are remembered by id; beyond, a proxied route's span may stay SERVER. */
const MAX_OPEN_ROOTS = 10_000;

const MIDDLEWARE = 'Middleware.execute';

/**
 * `setAttribute` of an HTTP root: Next.js copies the route onto the span enclosing its request span when that span
 * ends, which for route handlers and behind a proxy is after the HTTP span ended. The SDK then logs "Cannot execute
 * the operation on ended Span" and builds an Error for its stack, once per such request. The root already carries
 * the route (set when the route's span started), so that late copy is dropped without a word. One shared function:
 * a root costs one property, no closure.
 */
function setAttributeOfRoot(this: Span, key: string, value: AttributeValue): Span {
  if (key === 'http.route' && this.ended) return this;
  return (Object.getPrototypeOf(this) as Span).setAttribute.call(this, key, value);
}

/**
 * Next.js-aware span clean-up:
 * - one SERVER span per request. Next.js marks its own request spans (`BaseServer.handleRequest`, two of them when
 *   the app has a proxy/middleware) as SERVER too, so a request would count as two or three. In `onStart`, a Next.js
 *   span of kind SERVER whose parent is a span of this process becomes INTERNAL; the request's SERVER span is the
 *   local root (the HTTP span, or Next.js's own span when there is no HTTP span: requests that reached `next start`
 *   before `register()` ran). Behind a proxy, Next.js starts the route's request span under a context it forwards
 *   through request headers, so that parent looks remote: it is recognised by its span id among the Next.js spans of
 *   requests still open. A root of Next.js's own that ran the proxy would end before that span starts: its end is
 *   held until the route's pass ends (`HeldRoots`);
 * - that root is named `{METHOD} {route template}` with `http.route`. The route is taken from the first Next.js span
 *   that starts with `next.route` under it, while the root is certainly still open: Next.js copies the route onto it
 *   only when its own request span ends, which for route handlers and behind a proxy is after the root has ended;
 * - framework query parameters (`_rsc` and co., high-cardinality cache busters) leave span names and URL attributes.
 * It never throws into the span pipeline.
 */
export class NextSpanProcessor implements SpanProcessor {
  private readonly params: readonly string[];
  /**
   * Next.js span → the local root SERVER span of its request. Weak: an entry goes with its span, and a span ended
   * early (the outer request span behind a proxy ends before the route's span starts under it) still leads to it.
   */
  private readonly roots = new WeakMap<object, Span>();
  /** Span id of a Next.js span → its root, while the root is open (the forwarded parent is found by id only). */
  private readonly byId = new Map<string, Span>();
  /** Open root → the ids it holds in `byId`, removed when the root ends. */
  private readonly idsOfRoot = new Map<Span, string[]>();
  /** Next.js's own roots that ran the proxy, held open until the route's pass under them ends. */
  private readonly held = new HeldRoots();

  constructor(stripQueryParams: readonly string[]) {
    this.params = stripQueryParams;
  }

  onStart(span: Span, parentContext: Context): void {
    const attributes = span.attributes as AttributeBag;
    // Only Next.js's spans carry next.span_type from their start; everything else costs this one lookup.
    if (attributes['next.span_type'] === undefined) return;
    try {
      const parent = span.parentSpanContext;
      const local = parent !== undefined && parent.isRemote !== true;
      let root = local
        ? this.rootOf(trace.getSpan(parentContext) as Span | undefined)
        : parent && this.byId.get(parent.spanId);
      if (span.kind === SpanKind.SERVER) {
        if (local || root !== undefined) {
          (span as { kind: SpanKind }).kind = SpanKind.INTERNAL;
          // The route's pass behind a proxy (its parent, forwarded through headers, looks remote).
          if (!local && root !== undefined && this.held.size > 0) this.held.startPass(root, span);
        } else {
          // No HTTP span (a request that reached `next start` before register() ran, or a caller's traceparent
          // with no HTTP instrumentation): Next.js's span is the root.
          root = span;
        }
      }
      if (root === undefined) return;
      this.remember(span, root);
      // Next.js's own root ran the proxy: the route's pass, started once this root has ended, must still find it.
      if (attributes['next.span_type'] === MIDDLEWARE && this.isNextRoot(root))
        this.held.hold(root);
      const route = attributes['next.route'];
      if (typeof route === 'string' && root.isRecording() && !('http.route' in root.attributes))
        root.setAttribute('http.route', route);
    } catch {
      // a span of another SDK's shape must not cost the request
    }
  }

  onEnding(span: Span): void {
    if (this.idsOfRoot.size > 0) this.forget(span);
    try {
      this.clean(span);
    } catch {
      // a malformed attribute must not cost the span
    }
  }

  onEnd(span: ReadableSpan): void {
    if (this.held.size > 0) this.held.ended(span);
  }

  // Runs before the exporting processors' (it comes first in the list), so a held root is in their flush.
  forceFlush(): Promise<void> {
    this.held.releaseEnded();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.held.releaseEnded();
    return Promise.resolve();
  }

  private remember(span: Span, root: Span): void {
    this.roots.set(span, root);
    let ids = this.idsOfRoot.get(root);
    if (ids === undefined) {
      // Bounded by the requests in flight; a root that never ends must not grow this for ever.
      if (this.idsOfRoot.size >= MAX_OPEN_ROOTS) return;
      this.idsOfRoot.set(root, (ids = []));
      if (root !== span && !('next.span_type' in root.attributes))
        (root as { setAttribute: typeof setAttributeOfRoot }).setAttribute = setAttributeOfRoot;
    }
    const id = span.spanContext().spanId;
    ids.push(id);
    this.byId.set(id, root);
  }

  private forget(root: Span): void {
    const ids = this.idsOfRoot.get(root);
    if (ids === undefined) return;
    this.idsOfRoot.delete(root);
    for (const id of ids) this.byId.delete(id);
  }

  /** Next.js's own span as the root of a request still tracked (so the hold is bounded like `idsOfRoot`). */
  private isNextRoot(root: Span): boolean {
    return 'next.span_type' in root.attributes && root.isRecording() && this.idsOfRoot.has(root);
  }

  /** The root a Next.js span inherits: its parent's, or the parent itself when that is a local SERVER span. */
  private rootOf(parent: Span | undefined): Span | undefined {
    if (parent === undefined) return undefined;
    const known = this.roots.get(parent);
    if (known !== undefined) return known;
    const above = parent.parentSpanContext;
    return parent.kind === SpanKind.SERVER && (above === undefined || above.isRemote === true)
      ? parent
      : undefined;
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
    if (span.kind !== SpanKind.SERVER || typeof route !== 'string') return;
    const method = attributes['http.request.method'] ?? attributes['http.method'];
    if (typeof method === 'string') span.updateName(`${method} ${route}`);
  }
}
