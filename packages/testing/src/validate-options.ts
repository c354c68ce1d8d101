import { checkNumberOption, optionError } from '@otelkit/core';
import type { ReceiverTlsOptions } from './types';

const PACKAGE = '@otelkit/testing';

/** What `startReceiver` and `startGrpcReceiver` accept alike. */
export interface CommonReceiverOptions {
  host?: unknown;
  port?: unknown;
  respond?: unknown;
  tls?: ReceiverTlsOptions;
  onSpans?: unknown;
  maxBodyBytes?: unknown;
}

const isPem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value);

/**
 * Throws core's option TypeError (`@otelkit/testing: option startReceiver.port is …; expected …`) before anything
 * listens, so a typo fails the test setup instead of the first export.
 */
export function validateReceiverOptions(fn: string, options: CommonReceiverOptions): void {
  const { host, port, respond, tls, onSpans, maxBodyBytes } = options;
  if (onSpans !== undefined && typeof onSpans !== 'function')
    throw optionError(PACKAGE, `${fn}.onSpans`, onSpans, 'a function');
  checkNumberOption(PACKAGE, `${fn}.maxBodyBytes`, maxBodyBytes, {
    min: 1,
    max: 2 ** 32,
    integer: true,
  });
  if (host !== undefined && (typeof host !== 'string' || host === ''))
    throw optionError(PACKAGE, `${fn}.host`, host, 'a non-empty string');
  checkNumberOption(PACKAGE, `${fn}.port`, port, { min: 0, max: 65535, integer: true });
  if (respond !== undefined && typeof respond !== 'function')
    throw optionError(PACKAGE, `${fn}.respond`, respond, 'a function');
  if (
    tls !== undefined &&
    !(
      tls !== null &&
      isPem(tls.cert) &&
      isPem(tls.key) &&
      (tls.clientCa === undefined || isPem(tls.clientCa))
    )
  ) {
    // The keys given, never the values: a private key must not end up in a test log.
    const given = tls !== null && typeof tls === 'object' ? Object.keys(tls) : tls;
    throw optionError(
      PACKAGE,
      `${fn}.tls`,
      given,
      'cert and key (and any clientCa) as PEM strings or Buffers',
    );
  }
}

/** Brackets an IPv6 literal so the result can sit in a URL or a grpc target. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
