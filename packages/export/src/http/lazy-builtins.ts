/**
 * Node builtins the export path needs only for some configurations, required on first use rather than at start-up.
 * Measured on the 2-core bench VM (CPU of `require` in a process that already has node:http, Node 20): node:https
 * with node:tls ~8 ms, node:zlib ~3 ms; together ~5 % of what tracing adds to an express app's start. An http
 * endpoint without compression and without TLS material loads none of them.
 */
export const httpsModule = (): typeof import('node:https') =>
  require('node:https') as typeof import('node:https');

export const zlibModule = (): typeof import('node:zlib') =>
  require('node:zlib') as typeof import('node:zlib');

export const tlsModule = (): typeof import('node:tls') =>
  require('node:tls') as typeof import('node:tls');

export const cryptoModule = (): typeof import('node:crypto') =>
  require('node:crypto') as typeof import('node:crypto');
