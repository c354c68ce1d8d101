import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactUrl } from '@otelkit/core';
import type { ResolvedProxy } from '@otelkit/export';
import type { Diagnostics } from '../internal-types';

/**
 * What @grpc/grpc-js reads to choose a proxy, when it makes its channel (upstream's exporter makes it during its
 * first export, synchronously): lowercase only, `https_proxy` even for a plaintext target, and its own NO_PROXY
 * matching. otelkit's decision (`ResolvedExporterConfig.proxy`, made by the same rules as OTLP/HTTP's) is given
 * to it through these instead.
 */
const GRPC_PROXY_ENV = ['grpc_proxy', 'https_proxy', 'http_proxy', 'no_grpc_proxy', 'no_proxy'];

/**
 * `exporter` with its exports made under the env that tells grpc-js otelkit's proxy decision: `grpc_proxy` set
 * to the chosen proxy, or nothing at all (direct: `OTELKIT_EXPORTER_PROXY=off`, NO_PROXY, no proxy). Unchanged
 * when grpc-js would decide the same by itself (no proxy anywhere). grpc-js tunnels through http:// proxies only:
 * an https:// one is one line and a direct connection.
 */
export function withGrpcProxyDecision(
  exporter: SpanExporter,
  proxy: ResolvedProxy | undefined,
  diag: Diagnostics,
): SpanExporter {
  if (proxy === undefined && GRPC_PROXY_ENV.every((name) => !process.env[name])) return exporter;
  let grpcProxy = proxy?.url;
  if (grpcProxy?.startsWith('https:')) {
    diag.warn(
      `OTLP/gRPC export cannot tunnel through the https:// proxy ${redactUrl(grpcProxy)} (${proxy!.from}); connecting directly`,
    );
    grpcProxy = undefined;
  }
  const wanted: Record<string, string | undefined> = { grpc_proxy: grpcProxy };
  const original = exporter.export.bind(exporter);
  exporter.export = (spans, resultCallback) =>
    withEnv(wanted, () => original(spans, resultCallback));
  return exporter;
}

/** Runs `fn` with the grpc-js proxy variables replaced by `values`; synchronous, so nothing else sees them. */
function withEnv(values: Record<string, string | undefined>, fn: () => void): void {
  const saved = GRPC_PROXY_ENV.map((name) => process.env[name]);
  for (const name of GRPC_PROXY_ENV) {
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    fn();
  } finally {
    GRPC_PROXY_ENV.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    });
  }
}
