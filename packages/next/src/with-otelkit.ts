import type { NextConfigLike } from './types';

/**
 * Packages that must stay real `node_modules` requires in the server build: bundled copies would escape the
 * require hooks that instrumentations patch through, and would load a second OpenTelemetry API.
 */
export const SERVER_EXTERNAL_PACKAGES = [
  '@otelkit/next',
  '@otelkit/node',
  '@opentelemetry/api',
  '@opentelemetry/instrumentation',
  '@opentelemetry/auto-instrumentations-node',
  '@opentelemetry/sdk-trace-node',
  '@prisma/instrumentation',
  // Loaded by @otelkit/node only with OTEL_EXPORTER_OTLP_PROTOCOL=grpc; a bundled gRPC stack would be a second copy.
  '@opentelemetry/exporter-trace-otlp-grpc',
  '@grpc/grpc-js',
  'import-in-the-middle',
  'require-in-the-middle',
];

/**
 * Wraps a Next.js config (object or function form) so the packages tracing needs are server externals. Keeps every
 * other setting and the caller's own `serverExternalPackages`.
 *
 * Typed by the caller's own config type, so it takes Next.js's `NextConfig` (or a plain object in a `.mjs` config)
 * whether or not the `next` types resolve from here: an index-signature type would refuse `NextConfig`, and
 * importing `next`'s types would tie this package's declarations to an optional peer.
 */
export function withOtelkit<A extends unknown[], C extends object>(
  config: (...args: A) => C | Promise<C>,
): (...args: A) => Promise<C>;
export function withOtelkit<C extends object>(config: C): C;
export function withOtelkit(
  config: object | ((...args: unknown[]) => object | Promise<object>) | undefined,
): unknown {
  if (typeof config === 'function') {
    return async (...args: unknown[]) => addExternals(await config(...args));
  }
  return addExternals(config ?? {});
}

function addExternals<C extends object>(config: C): C {
  const own = (config as NextConfigLike).serverExternalPackages ?? [];
  const merged = [...own, ...SERVER_EXTERNAL_PACKAGES.filter((name) => !own.includes(name))];
  return { ...config, serverExternalPackages: merged };
}
