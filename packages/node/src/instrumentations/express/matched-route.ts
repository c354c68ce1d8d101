/**
 * How `http.route` follows from the route built so far, computed once per layer and mount point. `none`: no route;
 * `value`: always `route`; `prefix`: `route` when the request's original URL is it or starts with it; `root`: `/` only
 * for a request to `/` (every mount path so far was the root).
 */
export interface MatchedRoute {
  readonly kind: 'none' | 'value' | 'prefix' | 'root';
  readonly route: string | undefined;
}

const none: MatchedRoute = { kind: 'none', route: undefined };
const root: MatchedRoute = { kind: 'root', route: '/' };

/**
 * Upstream's rule for the route worth reporting (its getActualMatchedRoute), split into what depends on the layers
 * only (here, once) and what depends on the request's URL ({@link matchedRouteFor}, per request).
 */
export function matchedRouteOf(
  anyPathStored: boolean,
  onlyRootPaths: boolean,
  constructed: string,
): MatchedRoute {
  if (!anyPathStored) return none;
  if (onlyRootPaths) return root;
  if (constructed === '*') return { kind: 'value', route: '*' };
  if (constructed.includes('/') && /[,\\*[]/.test(constructed))
    return { kind: 'value', route: constructed };
  const normalized = constructed.startsWith('/') ? constructed : `/${constructed}`;
  if (normalized.includes(':') || normalized.includes('*'))
    return { kind: 'value', route: normalized };
  return { kind: 'prefix', route: normalized };
}

/** The route of `matched` for a request whose original URL is `url`. */
export function matchedRouteFor(
  matched: MatchedRoute,
  url: string | undefined,
): string | undefined {
  switch (matched.kind) {
    case 'value':
      return matched.route;
    case 'prefix':
      return url !== undefined && url.startsWith(matched.route!) ? matched.route : undefined;
    case 'root':
      return url === '/' ? '/' : undefined;
    default:
      return undefined;
  }
}
