import type { Diagnostics, Env } from '@otelkit/core';
import type { OtlpTlsMaterial } from '../types';

/** What a credential provider shares with the exporter it serves. */
export interface AuthContext {
  /** The export's TLS material, for token requests. */
  tls: OtlpTlsMaterial;
  /** The export's per-attempt timeout: a token request or a headers function gets as long. */
  timeoutMillis: number;
  /** Every credential fetched is registered here as a secret, so no later line can show it. */
  diagnostics: Diagnostics;
  now: () => number;
  /** The exporter's environment: token requests follow the proxy variables the exports follow. */
  env: Env;
}
