import { optionError, type EnvReader } from '@otelkit/core';
import { PREFIX } from '../prefix';
import type { OtlpTlsOptions, TlsSource, TlsSources } from '../types';

/** Env names per piece of TLS material, the traces-specific one first (it wins). */
export const tlsEnv = {
  ca: ['OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CERTIFICATE'],
  cert: ['OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE'],
  key: ['OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY', 'OTEL_EXPORTER_OTLP_CLIENT_KEY'],
} as const;

const isPem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value);

/** Throws optionError for a bad `tls` option. */
export function checkTlsOption(tls: OtlpTlsOptions | undefined): void {
  if (tls === undefined) return;
  if (typeof tls !== 'object' || tls === null) {
    throw optionError(PREFIX, 'tls', tls, 'an object with ca, cert and/or key');
  }
  for (const piece of ['ca', 'cert', 'key'] as const) {
    if (tls[piece] !== undefined && !isPem(tls[piece])) {
      throw optionError(PREFIX, `tls.${piece}`, tls[piece], 'PEM text (a string or a Buffer)');
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    const given = tls.cert === undefined ? 'key' : 'cert';
    throw optionError(
      PREFIX,
      `tls.${given}`,
      `given without tls.${given === 'key' ? 'cert' : 'key'}`,
      'tls.cert and tls.key together (mutual TLS needs both)',
    );
  }
}

/** Code > env, per piece. Pure: files are only named here, read by loadTls. */
export function resolveTls(tls: OtlpTlsOptions | undefined, read: EnvReader): TlsSources {
  const source = (piece: keyof typeof tlsEnv): TlsSource | undefined => {
    const pem = tls?.[piece];
    if (pem !== undefined) return { pem, option: `tls.${piece}` };
    const name = read.first(tlsEnv[piece]);
    return name === undefined ? undefined : { env: name, path: read.raw(name)! };
  };
  return { ca: source('ca'), cert: source('cert'), key: source('key') };
}
