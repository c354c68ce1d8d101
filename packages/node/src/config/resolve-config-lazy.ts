import type { resolveConfig as ResolveConfig } from './resolve-config';

/**
 * The package's `resolveConfig` export. Required when called, not when the package is imported: resolving loads
 * `@otelkit/export`'s configuration (~150 modules), which `require('@otelkit/node')` alone must not pay for.
 */
export const resolveConfig: typeof ResolveConfig = (...args) =>
  (require('./resolve-config') as typeof import('./resolve-config')).resolveConfig(...args);
