import type { ReceiverTlsOptions } from './types';

/** What `startReceiver` and `startGrpcReceiver` accept alike. */
export interface CommonReceiverOptions {
  host?: unknown;
  port?: unknown;
  respond?: unknown;
  tls?: ReceiverTlsOptions;
}

const isPem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value);

/** Throws before anything listens, so a typo fails the test setup instead of the first export. */
export function validateReceiverOptions(fn: string, options: CommonReceiverOptions): void {
  const { host, port, respond, tls } = options;
  if (host !== undefined && (typeof host !== 'string' || host === '')) {
    throw new Error(`@otelkit/testing: ${fn} host must be a non-empty string, got ${String(host)}`);
  }
  if (
    port !== undefined &&
    (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
  ) {
    throw new Error(
      `@otelkit/testing: ${fn} port must be an integer in [0, 65535], got ${String(port)}`,
    );
  }
  if (respond !== undefined && typeof respond !== 'function') {
    throw new Error(`@otelkit/testing: ${fn} respond must be a function`);
  }
  if (
    tls !== undefined &&
    !(
      tls !== null &&
      isPem(tls.cert) &&
      isPem(tls.key) &&
      (tls.clientCa === undefined || isPem(tls.clientCa))
    )
  ) {
    throw new Error(
      `@otelkit/testing: ${fn} tls needs cert and key (and any clientCa) as PEM strings or Buffers`,
    );
  }
}

/** Brackets an IPv6 literal so the result can sit in a URL or a grpc target. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
