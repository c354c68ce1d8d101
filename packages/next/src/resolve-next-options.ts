import type { IncomingMessage } from 'node:http';
import { diagnosticsFor, EnvReader, optionError } from '@otelkit/core';
import type { Diagnostics, Env } from '@otelkit/core';
import type { StartOptions } from '@otelkit/node';
import { compileIgnore, compilePaths } from './noise-requests';
import { PACKAGE } from './package-name';
import { DEFAULT_STRIP_PARAMS } from './query-noise';
import type { NextIgnoreOptions, NextOtelOptions } from './types';

/**
 * Option → env: `ignore` ← `OTELKIT_NEXT_IGNORE` (`on` | `off`, any case; code wins, default on), read through
 * core's EnvReader: the setting and one problem line per bad value.
 */
export function resolveIgnore(
  option: NextIgnoreOptions | false | undefined,
  env: Env,
): { ignore: NextIgnoreOptions | false; problems: string[] } {
  if (option !== undefined) return { ignore: option, problems: [] };
  const reader = new EnvReader(env);
  const mode = reader.oneOf('OTELKIT_NEXT_IGNORE', ['on', 'off'], 'on');
  return { ignore: mode === 'off' ? false : {}, problems: reader.problems };
}

function fail(option: string, value: unknown, expected: string): never {
  throw optionError(PACKAGE, option, value, expected);
}

/**
 * Throws a TypeError naming the option for options that cannot work (a configured RegExp the linear-time engine
 * refuses included), so a typo shows up at the first `next start` rather than as missing spans.
 */
export function validateNextOptions(options: NextOtelOptions): void {
  const { ignore, stripQueryParams, flushOnExit } = options;
  if (ignore !== undefined && ignore !== false && (typeof ignore !== 'object' || ignore === null))
    fail('ignore', ignore, 'false or an object');
  const paths = (ignore || {}).paths;
  if (paths !== undefined && !Array.isArray(paths))
    fail('ignore.paths', paths, 'an array of strings or RegExps');
  (paths ?? []).forEach((path, i) => {
    if (typeof path !== 'string' && !(path instanceof RegExp))
      fail(`ignore.paths[${i}]`, path, 'a string or a RegExp');
  });
  compilePaths(paths ?? []);
  if (
    stripQueryParams !== undefined &&
    (!Array.isArray(stripQueryParams) || stripQueryParams.some((p) => typeof p !== 'string'))
  )
    fail('stripQueryParams', stripQueryParams, 'an array of strings');
  if (flushOnExit !== undefined && typeof flushOnExit !== 'boolean')
    fail('flushOnExit', flushOnExit, 'a boolean');
}

type RequestTest = (request: IncomingMessage) => boolean;

/**
 * The start() options for a Next.js server: the Next.js noise test joins any `ignoreIncomingRequestHook` of the
 * caller (either one drops the request), and the Next.js span processor runs before the caller's processors.
 */
export function toStartOptions(
  options: NextOtelOptions,
  env: Env,
  diagnostics: Diagnostics | ((line: string) => void) | undefined,
  processor: StartOptions['spanProcessors'] extends Array<infer P> | undefined ? P : never,
): StartOptions {
  const start: NextOtelOptions = { ...options };
  delete start.ignore;
  delete start.stripQueryParams;
  delete start.flushOnExit;
  const { ignore, problems } = resolveIgnore(options.ignore, env);
  const out = diagnosticsFor(PACKAGE, diagnostics);
  for (const line of problems) out.warn(line);
  const ours = compileIgnore(ignore);
  const instrumentations = start.instrumentations ?? {};
  const config = instrumentations.config ?? {};
  const http = config.http ?? {};
  const theirs = http.ignoreIncomingRequestHook as RequestTest | undefined;
  const hook: RequestTest | undefined =
    ours && theirs ? (req) => ours(req) || theirs(req) : (ours ?? theirs);
  return {
    ...start,
    spanProcessors: [processor, ...(start.spanProcessors ?? [])],
    instrumentations: {
      ...instrumentations,
      config: { ...config, http: hook ? { ...http, ignoreIncomingRequestHook: hook } : http },
    },
  };
}

export function stripParamsOf(options: NextOtelOptions): string[] {
  return options.stripQueryParams ?? DEFAULT_STRIP_PARAMS;
}
