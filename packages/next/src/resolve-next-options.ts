import type { IncomingMessage } from 'node:http';
import type { StartOptions } from '@otelkit/node';
import { compileIgnore } from './noise-requests';
import { DEFAULT_STRIP_PARAMS } from './query-noise';
import type { NextIgnoreOptions, NextOtelOptions } from './types';

const PREFIX = '@otelkit/next:';

/** Option → env: `ignore` ← `OTELKIT_NEXT_IGNORE` (`on` | `off`; code wins, default on). */
export function resolveIgnore(
  option: NextIgnoreOptions | false | undefined,
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
): NextIgnoreOptions | false {
  if (option !== undefined) return option;
  const raw = env.OTELKIT_NEXT_IGNORE?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'on') return {};
  if (raw === 'off') return false;
  warn(
    `${PREFIX} OTELKIT_NEXT_IGNORE "${env.OTELKIT_NEXT_IGNORE}" is not one of on, off; using on`,
  );
  return {};
}

/** Throws for options that cannot work, so a typo shows up at the first `next start` rather than as missing spans. */
export function validateNextOptions(options: NextOtelOptions): void {
  const { ignore, stripQueryParams, flushOnExit } = options;
  if (ignore !== undefined && ignore !== false && (typeof ignore !== 'object' || ignore === null))
    throw new Error(`${PREFIX} options.ignore must be false or an object, got ${String(ignore)}`);
  for (const path of (ignore || {}).paths ?? []) {
    if (typeof path !== 'string' && !(path instanceof RegExp))
      throw new Error(`${PREFIX} options.ignore.paths entries must be strings or RegExps`);
  }
  if (
    stripQueryParams !== undefined &&
    (!Array.isArray(stripQueryParams) || stripQueryParams.some((p) => typeof p !== 'string'))
  )
    throw new Error(`${PREFIX} options.stripQueryParams must be an array of strings`);
  if (flushOnExit !== undefined && typeof flushOnExit !== 'boolean')
    throw new Error(`${PREFIX} options.flushOnExit must be a boolean`);
}

type RequestTest = (request: IncomingMessage) => boolean;

/**
 * The start() options for a Next.js server: the Next.js noise test joins any `ignoreIncomingRequestHook` of the
 * caller (either one drops the request), and the Next.js span processor runs before the caller's processors.
 */
export function toStartOptions(
  options: NextOtelOptions,
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
  processor: StartOptions['spanProcessors'] extends Array<infer P> | undefined ? P : never,
): StartOptions {
  const start: NextOtelOptions = { ...options };
  delete start.ignore;
  delete start.stripQueryParams;
  delete start.flushOnExit;
  const ours = compileIgnore(resolveIgnore(options.ignore, env, warn));
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
