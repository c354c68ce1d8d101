/** What a layer was mounted on, as upstream's instrumentation records it: the first argument of `use`/`route`. */
export function layerPathOf(args: ArrayLike<unknown>): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) return first.map((part) => segmentOf(part) ?? '').join(',');
  return segmentOf(first);
}

function segmentOf(part: unknown): string | undefined {
  if (typeof part === 'string') return part;
  if (part instanceof RegExp || typeof part === 'number') return part.toString();
  return undefined;
}

const wildcardSegment = /^\/\{[*][^}]*\}$/;

/** A mount path that adds nothing to the route: the root, `/*`, and express 5's `/{*name}`. */
export function addsToRoute(path: string): boolean {
  return path !== '/' && path !== '/*' && !wildcardSegment.test(path);
}

/** Joins the route built so far with one more mount path, with runs of slashes made one. */
export function joinRoute(route: string, path: string): string {
  const joined = route + path;
  return joined.includes('//') ? joined.replace(/\/{2,}/g, '/') : joined;
}
