import type { ResolvedExporterConfig } from '../internal-types';
import type { OtlpHttpExporterOptions } from '../types';
import { checkInteger, EnvReader, PREFIX } from './env-reader';
import { parseHeaders } from './parse-headers';
import { resolveRetry, retryDefaults } from './resolve-retry';
import { checkTlsOption, resolveTls } from './resolve-tls';

const DEFAULT_BASE = 'http://localhost:4318';
const TRACES_PATH = '/v1/traces';

/** Env names per setting: the traces-specific one wins over the general one. */
export const exporterEnv = {
  url: ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
  baseUrl: ['OTEL_EXPORTER_OTLP_ENDPOINT'],
  headers: ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'],
  timeoutMillis: ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT'],
  compression: ['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION'],
  protocol: ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
} as const;

export const exporterDefaults = {
  timeoutMillis: 10000,
  maxConcurrentRequests: 4,
  retry: retryDefaults,
} as const;

function validate(options: OtlpHttpExporterOptions): void {
  if (options.url !== undefined && !URL.canParse(options.url)) {
    throw new Error(`${PREFIX}: option url "${options.url}" is not a URL`);
  }
  checkInteger('timeoutMillis', options.timeoutMillis, 1);
  checkInteger('maxConcurrentRequests', options.maxConcurrentRequests, 1);
  checkTlsOption(options.tls);
}

function resolveUrl(
  options: OtlpHttpExporterOptions,
  read: EnvReader,
  warn: (m: string) => void,
): string {
  if (options.url !== undefined) return options.url;
  const full = read.string([...exporterEnv.url]);
  if (full && URL.canParse(full.value)) return full.value;
  if (full) warn(`${PREFIX}: ${full.name} "${full.value}" is not a URL; ignoring it`);
  const base = read.string([...exporterEnv.baseUrl]);
  if (base && URL.canParse(base.value)) return base.value.replace(/\/+$/, '') + TRACES_PATH;
  if (base) warn(`${PREFIX}: ${base.name} "${base.value}" is not a URL; using ${DEFAULT_BASE}`);
  return DEFAULT_BASE + TRACES_PATH;
}

function resolveHeaders(
  options: OtlpHttpExporterOptions,
  env: NodeJS.ProcessEnv,
  warn: (m: string) => void,
) {
  if (options.headers !== undefined) return { ...options.headers };
  let headers: Record<string, string> = {};
  // General first, traces-specific second, so the specific value of a repeated key wins.
  for (const name of exporterEnv.headers) {
    const text = env[name];
    if (!text) continue;
    const bad = (part: string) =>
      warn(`${PREFIX}: ${name} entry "${part}" is not key=value; skipping it`);
    headers = { ...headers, ...parseHeaders(text, bad) };
  }
  return headers;
}

/** Code options > env > defaults. Throws on a bad option; a bad env value warns once and uses the default. */
export function resolveExporterConfig(
  options: OtlpHttpExporterOptions,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): ResolvedExporterConfig {
  validate(options);
  const read = new EnvReader(env, warn);
  return {
    url: resolveUrl(options, read, warn),
    headers: resolveHeaders(options, env, warn),
    timeoutMillis:
      options.timeoutMillis ??
      read.integer([...exporterEnv.timeoutMillis], exporterDefaults.timeoutMillis, 1),
    compression:
      options.compression ?? read.oneOf([...exporterEnv.compression], ['gzip', 'none'], 'none'),
    protocol:
      options.protocol ??
      read.oneOf([...exporterEnv.protocol], ['http/protobuf', 'http/json'], 'http/protobuf'),
    retry: resolveRetry(options.retry),
    maxConcurrentRequests: options.maxConcurrentRequests ?? exporterDefaults.maxConcurrentRequests,
    tls: resolveTls(options.tls, read),
  };
}
