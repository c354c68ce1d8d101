import type { TlsSource, TlsSources } from '../internal-types';
import type { OtlpTlsOptions } from '../types';
import { PREFIX, type EnvReader } from './env-reader';

/** Env names per piece of TLS material, the traces-specific one first (it wins). */
export const tlsEnv = {
  ca: ['OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CERTIFICATE'],
  cert: ['OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE'],
  key: ['OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY', 'OTEL_EXPORTER_OTLP_CLIENT_KEY'],
} as const;

const isPem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value);

/** Throws the clear Error a bad `tls` option deserves. */
export function checkTlsOption(tls: OtlpTlsOptions | undefined): void {
  if (tls === undefined) return;
  if (typeof tls !== 'object' || tls === null) {
    throw new Error(`${PREFIX}: option tls must be an object with ca, cert and/or key`);
  }
  for (const piece of ['ca', 'cert', 'key'] as const) {
    if (tls[piece] !== undefined && !isPem(tls[piece])) {
      throw new Error(`${PREFIX}: option tls.${piece} must be PEM text (a string or a Buffer)`);
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new Error(`${PREFIX}: options tls.cert and tls.key go together (mutual TLS needs both)`);
  }
}

/** Code > env, per piece. Pure: files are only named here, read by loadTls. */
export function resolveTls(tls: OtlpTlsOptions | undefined, read: EnvReader): TlsSources {
  const source = (piece: keyof typeof tlsEnv): TlsSource | undefined => {
    const pem = tls?.[piece];
    if (pem !== undefined) return { pem, option: `tls.${piece}` };
    const found = read.string([...tlsEnv[piece]]);
    return found && { env: found.name, path: found.value };
  };
  return { ca: source('ca'), cert: source('cert'), key: source('key') };
}
