import type { IncomingMessage } from 'node:http';
import type { OtelkitHandle, StartOptions } from '@otelkit/node';

/** Which incoming requests get no trace at all (no span, nothing under it). */
export interface NextIgnoreOptions {
  /** `/_next/static/*`, `/_next/image*`, `/favicon.ico`, dev-server internals (`/_next/webpack-hmr`, `/__nextjs_*`). Default true. */
  staticAssets?: boolean;
  /** Router prefetches (`next-router-prefetch: 1`, `purpose: prefetch`, `sec-purpose: prefetch`). Default true. */
  prefetch?: boolean;
  /**
   * Extra paths to drop, tested against the path (no query string): a string is a path prefix, or a glob when it has
   * `*` or `?` (`*` = any run except `/`, `**` = any run, `?` = one character except `/`); a RegExp runs on a
   * linear-time engine (backreferences and lookaround are refused with a TypeError).
   */
  paths?: Array<string | RegExp>;
  /** Custom test, run after the rules above; return true to drop the request. */
  request?: (request: IncomingMessage) => boolean;
}

/** Options of {@link registerOTel}: everything `start()` of @otelkit/node accepts, plus the Next.js-specific ones. */
export interface NextOtelOptions extends StartOptions {
  /**
   * Requests that produce no spans. `false` traces everything. Env `OTELKIT_NEXT_IGNORE=off` turns the preset off.
   * Default: static assets and prefetches dropped.
   */
  ignore?: NextIgnoreOptions | false;
  /**
   * Query parameters removed from span names and URL attributes (`url.full`, `url.query`, `http.target`, `http.url`).
   * Default `['_rsc', '__nextDataReq', '__nextLocale', '__nextDefaultLocale']`; your list replaces it.
   */
  stripQueryParams?: string[];
  /**
   * On SIGTERM/SIGINT, `next start` exits as soon as it has closed the server; hold that exit until spans are
   * flushed (bounded by `shutdownTimeoutMillis`). Default true.
   */
  flushOnExit?: boolean;
}

/** Resolves with the handle in the Node.js runtime, with undefined in the edge runtime (nothing is started there). */
export type RegisterResult = Promise<OtelkitHandle | undefined>;

/**
 * The part of a Next.js config that {@link withOtelkit} reads. `withOtelkit` no longer takes this type (it takes the
 * caller's own config type, e.g. Next.js's `NextConfig`); kept so code that imports it still compiles.
 */
export interface NextConfigLike {
  serverExternalPackages?: string[];
  [key: string]: unknown;
}
