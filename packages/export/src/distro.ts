// The entry a distribution loads at every start (`@otelkit/export/distro`): the resolvers, the HTTP exporter, the
// batch processor and the default reporter. The main entry also loads the OTLP/JSON encoder, the retrying wrapper,
// the proxy agent and the TLS loader, which an exporter on plain http:// with http/protobuf never uses: each of
// those loads where it is first needed (issue 19: start-up is paid per module loaded).
import type { OtlpTlsOptions } from './types';

export { OtlpHttpSpanExporter } from './otlp-http-exporter';
export { OtelkitBatchSpanProcessor } from './processor/batch-span-processor';
export { resolveProcessorConfig, processorEnv } from './config/resolve-processor';
export { reportExportEvents } from './report/report-export-events';
export { describeCredentials, exporterTarget } from './report/exporter-target';
export { resolveExporterConfig, exporterEnv, exporterLimits } from './config/resolve-exporter';
export { MAX_DELAY_MILLIS } from './config/limits';
export { checkAuthOption } from './config/resolve-auth';
export { checkProxyOption } from './config/resolve-proxy';
export type {
  BatchProcessorStats,
  OtlpAuthOptions,
  OtlpHeadersFunction,
  OtlpTlsOptions,
  ResolvedExporterConfig,
  ResolvedProcessorConfig,
  ResolvedProxy,
} from './types';

/** The main entry's `checkTlsMaterial`, loading the TLS reader only for a `tls` option to check. */
export function checkTlsMaterial(tls: OtlpTlsOptions | undefined): void {
  (
    require('./http/load-tls-material') as typeof import('./http/load-tls-material')
  ).checkTlsMaterial(tls);
}
