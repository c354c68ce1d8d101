import { optionError } from '@otelkit/core';
import {
  checkAuthOption,
  checkProxyOption,
  checkTlsMaterial,
  type OtlpTlsOptions,
} from '@otelkit/export/distro';
import type { StartOptions } from '../types';
import { checkOption, PREFIX } from './check-option';
import { allInstrumentationNames } from './known-names';
import { optionAt, optionTable, type OptionSpec } from './option-table';

/**
 * Code options are written by a developer at a keyboard: a mistake there should fail loudly at start(), unlike an env
 * value on a production box. Throws a TypeError naming the option, the value and what is allowed. Every setting of
 * the option table is checked by its row; the rest are shapes no table row describes (headers, TLS, maps).
 */
export function validateOptions(
  options: unknown,
  extraPropagatorNames: readonly string[] = [],
): StartOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw optionError(PREFIX, 'options', options, 'an object');
  }
  const o = options as StartOptions;
  for (const [name, spec] of Object.entries(optionTable) as Array<[string, OptionSpec]>) {
    checkOption(name, optionAt(o, name), spec, extraPropagatorNames);
  }
  for (const group of ['batch', 'spanLimits', 'instrumentations', 'headers'] as const) {
    const value = o[group];
    if (
      value !== undefined &&
      !(group === 'headers' && typeof value === 'function') &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    )
      throw optionError(PREFIX, group, value, 'an object');
  }
  const headers = typeof o.headers === 'function' ? {} : o.headers;
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') throw optionError(PREFIX, `headers.${key}`, value, 'a string');
  }
  if (o.tls !== undefined) checkTls(o.tls);
  withNodePrefix(() => checkAuthOption(o.auth));
  withNodePrefix(() => checkProxyOption(o.proxy));
  for (const name of Object.keys(o.instrumentations?.config ?? {})) {
    if (!allInstrumentationNames.includes(name))
      throw optionError(
        PREFIX,
        'instrumentations.config key',
        name,
        `one of ${allInstrumentationNames.join(', ')}`,
      );
  }
  return o;
}

/** A check of @otelkit/export's, its error worded as this package's. */
function withNodePrefix(check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new TypeError(
      `${PREFIX}: ${(error as Error).message.replace(/^@otelkit\/export: /, '')}`,
    );
  }
}

function checkTls(tls: OtlpTlsOptions): void {
  if (tls === null || typeof tls !== 'object')
    throw optionError(PREFIX, 'tls', tls, 'an object with ca, cert and/or key');
  for (const piece of ['ca', 'cert', 'key'] as const) {
    const pem = tls[piece];
    if (pem !== undefined && typeof pem !== 'string' && !Buffer.isBuffer(pem))
      throw optionError(PREFIX, `tls.${piece}`, pem, 'PEM text (a string or a Buffer)');
  }
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw optionError(
      PREFIX,
      'tls',
      Object.keys(tls),
      'cert and key together (mutual TLS needs both)',
    );
  usableTls(tls);
}

/**
 * PEM text that Node's TLS refuses (a CA text without a certificate, a key that does not match its certificate) is a
 * mistake in code too: thrown here, by start(), rather than turning tracing off later.
 */
function usableTls(tls: OtlpTlsOptions): void {
  try {
    checkTlsMaterial(tls);
  } catch (error) {
    const reason = (error as Error).message.replace(/^@otelkit\/export: /, '');
    throw new TypeError(`${PREFIX}: ${reason}`);
  }
}
