import { createDiagnostics, diagnosticsFor, EnvReader, type Diagnostics } from '@otelkit/core';
import { checkTlsOption, resolveTls } from '../config/resolve-tls';
import { PREFIX } from '../prefix';
import type { OtlpTlsMaterial, OtlpTlsOptions, ResolvedExporterConfig } from '../types';
import { loadTls } from './tls-material';

/**
 * The TLS material of a resolved config, for a transport of the caller's own (gRPC): the files it names read once
 * and each piece checked with Node's TLS, as OtlpHttpSpanExporter does. A bad piece from env costs one line and is
 * left out; one from code throws; an `http:` URL gets nothing (one line when something was given).
 */
export function loadTlsMaterial(
  config: Pick<ResolvedExporterConfig, 'url' | 'tls'>,
  diagnostics?: Diagnostics,
): OtlpTlsMaterial {
  return loadTls(config.tls, new URL(config.url), diagnosticsFor(PREFIX, diagnostics));
}

/**
 * Throws a TypeError naming the option when the `tls` option is malformed or its PEM text is not usable by Node's
 * TLS (a certificate without its key, a key that does not match): the check the exporter makes, without making one.
 * Reads no env and no file.
 */
export function checkTlsMaterial(tls: OtlpTlsOptions | undefined): void {
  checkTlsOption(tls);
  const silent = createDiagnostics({ prefix: PREFIX, level: 'none' });
  loadTls(resolveTls(tls, new EnvReader({})), new URL('https://collector.invalid'), silent);
}
