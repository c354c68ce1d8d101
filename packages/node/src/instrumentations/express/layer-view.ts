import type { Attributes, SpanOptions } from '@opentelemetry/api';
import { addsToRoute, joinRoute } from './layer-path';
import { matchedRouteOf, type MatchedRoute } from './matched-route';

/** `express.type`, as upstream's instrumentation sets it. */
export type LayerType = 'router' | 'middleware' | 'request_handler';

/** The mount paths a request has gone through so far, as the state they add up to (one per stored path). */
export interface RouteEntry {
  /** The route they build (root paths and wildcards left out, runs of slashes made one). */
  readonly route: string;
  /** Every stored path was `/`. */
  readonly onlyRoot: boolean;
}

/** Matches a span name the way upstream's `ignoreLayers` entries do. */
export type IgnoreMatcher = string | RegExp | ((name: string) => boolean);

/** The options of express-instrumentation.ts that decide names and ignores, read per naming. */
export interface NamingConfig {
  ignoreLayers?: IgnoreMatcher[];
  ignoreLayersType?: LayerType[];
}

/** Anything of an express layer this file reads. */
export interface LayerLike {
  name: string;
  path?: string;
  handle: { stack?: LayerLike[] } & { route?: { path?: string } };
  route?: { path?: string };
}

/**
 * What one layer means under one parent route: computed the first time a request reaches the layer from that parent
 * and kept, so that a request pays a few property reads instead of upstream's per-layer filter, regular expression,
 * join and replace over the request's path list (twice), and the metadata object it built even for ignored layers.
 */
export class LayerView implements RouteEntry {
  readonly route: string;
  readonly onlyRoot: boolean;
  readonly matched: MatchedRoute;

  // The naming, for one config object, one `layer.path` truthiness and (routers) one first layer of the router.
  private namedFor: NamingConfig | undefined;
  private namedWithPath = false;
  private namedFirst: LayerLike | undefined;
  name = '';
  ignored = false;
  /** Span attributes when the request's route matched / did not: shared, never changed (the SDK copies them). */
  attributesMatched: Attributes = {};
  attributesUnmatched: Attributes = {};
  /** `startSpan` options with those attributes, shared (the SDK reads them and keeps none). */
  optionsMatched: SpanOptions = {};
  optionsUnmatched: SpanOptions = {};

  constructor(
    readonly parent: RouteEntry | undefined,
    readonly type: LayerType,
    readonly layerPath: string | undefined,
  ) {
    const parentRoute = parent?.route ?? '';
    const stored = layerPath !== undefined;
    this.route = stored && addsToRoute(layerPath) ? joinRoute(parentRoute, layerPath) : parentRoute;
    this.onlyRoot = (parent?.onlyRoot ?? true) && (!stored || layerPath === '/');
    this.matched = matchedRouteOf(parent !== undefined || stored, this.onlyRoot, this.route);
  }

  /** Sets `name`, `ignored` and the attributes for this request, recomputing only what changed since the last one. */
  nameFor(layer: LayerLike, config: NamingConfig): void {
    const withPath = Boolean(layer.path);
    const first = this.type === 'router' ? layer.handle.stack?.[0] : undefined;
    if (this.namedFor === config && this.namedWithPath === withPath && this.namedFirst === first)
      return;
    this.namedFor = config;
    this.namedWithPath = withPath;
    this.namedFirst = first;
    let expressName: string;
    if (this.type === 'router') {
      expressName = routerPath('', layer) || this.layerPath || this.route || '/';
      this.name = `router - ${expressName}`;
    } else if (this.type === 'request_handler') {
      expressName = (this.route || this.layerPath) ?? 'request handler';
      this.name = withPath
        ? `request handler - ${this.route || this.layerPath}`
        : 'request handler';
    } else {
      expressName = layer.name;
      this.name = `middleware - ${layer.name}`;
    }
    this.ignored = isIgnored(this.name, this.type, config);
    this.attributesMatched = Object.freeze({
      'http.route': this.matched.route,
      'express.name': expressName,
      'express.type': this.type,
    });
    this.attributesUnmatched = Object.freeze({
      'http.route': undefined,
      'express.name': expressName,
      'express.type': this.type,
    });
    this.optionsMatched = Object.freeze({ attributes: this.attributesMatched });
    this.optionsUnmatched = Object.freeze({ attributes: this.attributesUnmatched });
  }
}

/** The type upstream gives a layer, from the name express gave its handle. */
export function layerTypeOf(layer: LayerLike): LayerType {
  if (layer.name === 'router') return 'router';
  // express 4 names a route's layer after `route.dispatch.bind(route)`, express 5 (router 2) after its `handle`.
  if (layer.name === 'bound dispatch' || layer.name === 'handle') return 'request_handler';
  return 'middleware';
}

// A router's first route under it, as upstream names router spans.
function routerPath(path: string, layer: LayerLike): string {
  const first = layer.handle.stack?.[0];
  if (first?.route?.path) return `${path}${first.route.path}`;
  if (first?.handle?.stack) return routerPath(path, first);
  return path;
}

function isIgnored(name: string, type: LayerType, config: NamingConfig): boolean {
  if (Array.isArray(config.ignoreLayersType) && config.ignoreLayersType.includes(type)) return true;
  if (!Array.isArray(config.ignoreLayers)) return false;
  try {
    for (const pattern of config.ignoreLayers) {
      if (typeof pattern === 'string' ? pattern === name : matchesOther(pattern, name)) return true;
    }
  } catch {
    // A user's matcher that throws (or an entry of another type) ends the search, as upstream's does: not ignored.
  }
  return false;
}

function matchesOther(pattern: RegExp | ((name: string) => boolean), name: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(name);
  if (typeof pattern === 'function') return pattern(name);
  throw new TypeError('unsupported ignoreLayers entry');
}
