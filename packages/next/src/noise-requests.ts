import type { IncomingMessage } from 'node:http';
import type { NextIgnoreOptions } from './types';

// Served from disk or by the dev server's own machinery: one span each would flood the trace store for no insight.
const STATIC_PREFIXES = [
  '/_next/static/',
  '/_next/image',
  '/_next/webpack-hmr',
  '/__nextjs_',
  '/favicon.ico',
];
const PREFETCH_HEADERS: Array<[string, string]> = [
  ['next-router-prefetch', '1'],
  ['purpose', 'prefetch'],
  ['sec-purpose', 'prefetch'],
];

/** Compiles the ignore options once into a test run for every incoming request; undefined when nothing is dropped. */
export function compileIgnore(
  options: NextIgnoreOptions | false | undefined,
): ((request: IncomingMessage) => boolean) | undefined {
  if (options === false) return undefined;
  const prefixes = [
    ...(options?.staticAssets === false ? [] : STATIC_PREFIXES),
    ...(options?.paths ?? []).filter((p): p is string => typeof p === 'string'),
  ];
  const patterns = (options?.paths ?? []).filter((p): p is RegExp => p instanceof RegExp);
  const prefetch = options?.prefetch !== false;
  const custom = options?.request;
  return (request) => {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (prefixes.some((prefix) => path.startsWith(prefix))) return true;
    if (patterns.some((pattern) => pattern.test(path))) return true;
    if (prefetch && PREFETCH_HEADERS.some(([name, value]) => request.headers[name] === value))
      return true;
    return custom ? custom(request) === true : false;
  };
}
