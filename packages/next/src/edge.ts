// What bundles for the edge runtime (and browsers) resolve `@otelkit/next` to: the same names, no Node.js SDK.
import type { NextOtelOptions, RegisterResult } from './types';

/** Edge runtime: the Node.js SDK cannot run here; Next.js's own spans are not exported from the edge. */
export function registerOTel(_options?: NextOtelOptions): RegisterResult {
  return Promise.resolve(undefined);
}

export { withOtelkit, SERVER_EXTERNAL_PACKAGES } from './with-otelkit';
export type { NextConfigLike, NextIgnoreOptions, NextOtelOptions, RegisterResult } from './types';
