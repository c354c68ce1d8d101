import type { IncomingMessage } from 'node:http';
import { compileGlob, compilePatternOption, isGlob } from '@otelkit/core';
import { PACKAGE } from './package-name';
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

type PathTest = (path: string) => boolean;

/**
 * The configured `ignore.paths` as tests: a string is a path prefix, or a glob in otelkit's one dialect when it has
 * `*` or `?`; a RegExp runs on the linear-time engine (one it cannot run throws a TypeError naming the entry).
 */
export function compilePaths(paths: ReadonlyArray<string | RegExp>): {
  prefixes: string[];
  tests: PathTest[];
} {
  const prefixes: string[] = [];
  const tests: PathTest[] = [];
  paths.forEach((path, i) => {
    if (path instanceof RegExp) {
      const re = compilePatternOption(PACKAGE, `ignore.paths[${i}]`, path.source, path.flags);
      tests.push((p) => re.test(p));
    } else if (isGlob(path)) tests.push(compileGlob(path));
    else prefixes.push(path);
  });
  return { prefixes, tests };
}

/** Compiles the ignore options once into a test run for every incoming request; undefined when nothing is dropped. */
export function compileIgnore(
  options: NextIgnoreOptions | false | undefined,
): ((request: IncomingMessage) => boolean) | undefined {
  if (options === false) return undefined;
  const paths = compilePaths(options?.paths ?? []);
  const prefixes = [...(options?.staticAssets === false ? [] : STATIC_PREFIXES), ...paths.prefixes];
  const tests = paths.tests;
  const prefetch = options?.prefetch !== false;
  const custom = options?.request;
  return (request) => {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (prefixes.some((prefix) => path.startsWith(prefix))) return true;
    if (tests.some((test) => test(path))) return true;
    if (prefetch && PREFETCH_HEADERS.some(([name, value]) => request.headers[name] === value))
      return true;
    return custom ? custom(request) === true : false;
  };
}
