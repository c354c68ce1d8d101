import { context, diag, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { matchedRouteFor } from './matched-route';
import {
  LayerView,
  layerTypeOf,
  type LayerLike,
  type LayerType,
  type RouteEntry,
} from './layer-view';
import type { ExpressLeanConfig } from './config';
import { addUnboundListener, removeUnboundListener } from '../../sdk/fast-bind-context-manager';

type Handle = (this: unknown, req: Request, res: Response, next: Next) => unknown;
type Next = (this: unknown, ...args: unknown[]) => unknown;
interface Request {
  originalUrl?: string;
  route?: unknown;
  [kPaths]?: RouteEntry[];
}
interface Response {
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

/** The mount paths of the layers a request is in, as upstream keeps them (pushed on entry, popped at `next`). */
const kPaths = Symbol('otelkit.express.paths');
const MAX_VIEWS = 64;

/** What the wrapped handle needs of the instrumentation, read per request (the config may be replaced). */
export interface HandleOwner {
  readonly tracer: Tracer;
  getConfig(): ExpressLeanConfig;
}

/**
 * The per-request wrapper of one layer's `handle`: the spans, names, attributes, `http.route` and error recording of
 * upstream's express instrumentation. Measured (test/bench, --cpu-prof) against upstream's, this drops per layer
 * and request: the path list's filter/RegExp/join/replace (LayerView caches the result per mount point), the
 * metadata object, `Array.from(arguments)`, the `findIndex` for the callback, two `context.bind` closures (a
 * direct `context.with` instead) and a `once` wrapper; ignored layers cost a lookup and a push.
 */
export function wrapLayerHandle(
  owner: HandleOwner,
  layer: LayerLike,
  layerPath: string | undefined,
  original: Handle,
): Handle {
  const type: LayerType = layerTypeOf(layer);
  const stored = layerPath !== undefined;
  // One view per parent route; nearly every layer only ever sees one, so the last one is kept first. The parents are
  // views of the layers above, so their number follows the app's layers, not its traffic; capped all the same.
  let last: LayerView | undefined;
  let others: Map<RouteEntry | undefined, LayerView> | undefined;
  const viewUnder = (parent: RouteEntry | undefined): LayerView => {
    if (last !== undefined && last.parent === parent) return last;
    others ??= new Map();
    let view = others.get(parent);
    if (view === undefined) {
      view = new LayerView(parent, type, layerPath);
      if (others.size < MAX_VIEWS) others.set(parent, view);
    }
    last = view;
    return view;
  };

  // `arguments`, not rest parameters: express calls every handle of every request with three, and passing them on as
  // they came allocates no array (upstream's Array.from(arguments) per layer showed in the profile).
  /* eslint-disable prefer-rest-params */
  return function otelkitExpressLayer(this: unknown, req: Request, res: Response, next: Next) {
    // `paths[-1]` of an empty list (a lookup up the prototype chain) was this function's hottest line: ~30 % of its
    // self time in test/bench/express-layers.bench.js's profile. The list stays made by the first layer: made later,
    // after expressInit changed the request's prototype, adding the property cost 3.5 % of that profile.
    const paths = (req[kPaths] ??= []);
    const view = viewUnder(paths.length === 0 ? undefined : paths[paths.length - 1]);
    if (stored) paths.push(view);
    const config = owner.getConfig();
    view.nameFor(layer, config);
    const matched = matchedRouteFor(view.matched, req.originalUrl);
    const active = context.active();
    const rpc = getRPCMetadata(active);
    if (rpc?.type === RPCType.HTTP) rpc.route = matched;

    if (view.ignored) {
      // No wrapped `next` will pop this path; a router's stays for the routes under it (upstream does the same).
      if (type !== 'router' && stored) paths.pop();
      return passOn(this, original, arguments, req, res, next);
    }
    const parentSpan = trace.getSpan(active);
    if (parentSpan === undefined) return passOn(this, original, arguments, req, res, next);

    const { spanNameHook, requestHook } = config;
    const name =
      spanNameHook === undefined ? view.name : hookedName(config, req, type, view.route, view.name);
    const span = owner.tracer.startSpan(
      name,
      matched === undefined ? view.optionsUnmatched : view.optionsMatched,
      active,
    );
    if (requestHook !== undefined) runRequestHook(requestHook, span, req, type, view.route);

    let ended = false;
    let listening = false;
    let inner = active;
    if (type === 'router') {
      // Upstream ends a router's span at once (its name is not yet reliable enough to time anything under it).
      span.end();
      ended = true;
    } else {
      inner = trace.setSpan(active, span);
    }
    const onClose = () => {
      if (!ended) {
        ended = true;
        span.end();
      }
    };

    let callback: Next | undefined;
    if (typeof next === 'function') {
      callback = function otelkitExpressNext(this: unknown, error?: unknown) {
        const isError =
          error !== undefined && error !== null && error !== 'route' && error !== 'router';
        if (!ended) {
          if (isError) recordError(span, error);
          ended = true;
          if (listening) removeUnboundListener(res, 'close', onClose);
          span.end();
        }
        if (!(req.route && isError) && stored) paths.pop();
        // Back to the parent span, keeping whatever else the layer put in the context (baggage).
        const now = context.active();
        const outer = now === inner ? active : trace.setSpan(now, parentSpan);
        return arguments.length === 0
          ? context.with(outer, next, this)
          : context.with(outer, next, this, ...(arguments as unknown as unknown[]));
      };
    }
    try {
      return arguments.length === 3 && callback !== undefined
        ? context.with(inner, original, this, req, res, callback)
        : context.with(inner, original, this, ...replaced(arguments, next, callback));
    } catch (error) {
      recordError(span, error);
      throw error;
    } finally {
      // Not ended through `next`: the layer answers itself (now or later), or hands on later.
      if (!ended) {
        listening = true;
        // onClose only ends the span: it needs no context, so no context wrapper (and no `run` at close) around it.
        addUnboundListener(res, 'close', onClose);
      }
    }
  } as Handle;
  /* eslint-enable prefer-rest-params */
}

// express calls a handle with its three arguments: `call` with them does not materialize `arguments` (the `apply` of
// an ignored layer was ~8 % of this function's self time in test/bench/express-layers.bench.js's profile).
function passOn(
  self: unknown,
  original: Handle,
  args: IArguments,
  req: Request,
  res: Response,
  next: Next,
): unknown {
  return args.length === 3
    ? original.call(self, req, res, next)
    : original.apply(self, args as unknown as Parameters<Handle>);
}

function replaced(args: IArguments, next: Next, callback: Next | undefined): Parameters<Handle> {
  const list = Array.prototype.slice.call(args) as unknown[];
  if (callback !== undefined) list[list.indexOf(next)] = callback;
  return list as Parameters<Handle>;
}

function recordError(span: Span, error: unknown): void {
  const isError = error instanceof Error;
  span.recordException(isError ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: isError ? error.message : String(error) });
}

function hookedName(
  config: ExpressLeanConfig,
  request: Request,
  layerType: LayerType,
  route: string,
  defaultName: string,
): string {
  try {
    return config.spanNameHook!({ request, layerType, route }, defaultName) ?? defaultName;
  } catch (error) {
    diag.error('express instrumentation: spanNameHook failed', error);
    return defaultName;
  }
}

function runRequestHook(
  hook: NonNullable<ExpressLeanConfig['requestHook']>,
  span: Span,
  request: Request,
  layerType: LayerType,
  route: string,
): void {
  try {
    hook(span, { request, layerType, route });
  } catch (error) {
    diag.error('express instrumentation: requestHook failed', error);
  }
}
