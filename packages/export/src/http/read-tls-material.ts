import { defaultWarn, EnvReader } from '../config/env-reader';
import { checkTlsOption, resolveTls } from '../config/resolve-tls';
import type { OtlpTlsMaterial, OtlpTlsOptions } from '../types';
import { loadTls } from './tls-material';

/**
 * The TLS material the HTTP exporter would use for `url`, for a transport of the caller's own (gRPC):
 * the `tls` option over the OTLP certificate variables of `env`, files read once and each piece checked
 * with Node's TLS. A bad `tls` option throws; a bad env piece costs one `warn` line and is left out;
 * an `http:` URL gets nothing (one line when something was given).
 */
export function readTlsMaterial(
  url: string,
  tls: OtlpTlsOptions | undefined,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = defaultWarn,
): OtlpTlsMaterial {
  checkTlsOption(tls);
  return loadTls(resolveTls(tls, new EnvReader(env, warn)), new URL(url), warn);
}
