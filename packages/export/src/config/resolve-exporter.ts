import {
  checkNumberOption,
  EnvReader,
  isHttpUrl,
  optionError,
  type Env,
  type NumberSpec,
} from '@otelkit/core';
import { PREFIX } from '../prefix';
import type {
  OtlpExporterOptions,
  OtlpProtocol,
  Resolution,
  ResolvedExporterConfig,
} from '../types';
import { MAX_DELAY_MILLIS } from './limits';
import { checkProxyOption, resolveProxy } from './resolve-proxy';
import { resolveRetry, retryDefaults } from './resolve-retry';
import { checkAuthOption, resolveAuth } from './resolve-auth';
import { checkTlsOption, resolveTls } from './resolve-tls';

const HTTP_BASE = 'http://localhost:4318';
const GRPC_ENDPOINT = 'http://localhost:4317';
const TRACES_PATH = '/v1/traces';
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const COMPRESSIONS = ['gzip', 'none'] as const;

/** Env names per setting: the traces-specific one wins over the general one (headers: merged key by key). */
export const exporterEnv = {
  url: ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
  baseUrl: ['OTEL_EXPORTER_OTLP_ENDPOINT'],
  headers: ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'],
  timeoutMillis: ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT'],
  compression: ['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION'],
  protocol: ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
} as const;

/** The bounds and defaults of the exporter's numbers (env and code alike). */
export const exporterLimits = {
  timeoutMillis: { min: 1, max: MAX_DELAY_MILLIS, fallback: 10_000, integer: true },
  maxConcurrentRequests: { min: 1, max: 256, fallback: 4, integer: true },
} as const satisfies Record<string, NumberSpec>;

export const exporterDefaults = {
  timeoutMillis: exporterLimits.timeoutMillis.fallback,
  maxConcurrentRequests: exporterLimits.maxConcurrentRequests.fallback,
  retry: retryDefaults,
} as const;

/**
 * Code options > `OTEL_EXPORTER_OTLP_*` env > defaults, for any OTLP trace exporter (gRPC included). Pure: reads
 * only `env`, prints nothing. A bad code option throws optionError; a bad env value is one line in `problems`
 * (naming the variable, never a header value) and the default is used.
 */
export function resolveExporterConfig(
  options: OtlpExporterOptions,
  env: Env,
): Resolution<ResolvedExporterConfig> {
  validate(options);
  const read = new EnvReader(env);
  const protocol =
    options.protocol ?? read.oneOf(signal(read, exporterEnv.protocol), PROTOCOLS, 'http/protobuf');
  const url = resolveUrl(options, read, protocol);
  const config: ResolvedExporterConfig = {
    url,
    headers: resolveHeaders(options, read),
    timeoutMillis:
      options.timeoutMillis ??
      read.number(signal(read, exporterEnv.timeoutMillis), exporterLimits.timeoutMillis),
    compression:
      options.compression ??
      read.oneOf(signal(read, exporterEnv.compression), COMPRESSIONS, 'none'),
    protocol,
    retry: resolveRetry(options.retry),
    maxConcurrentRequests:
      options.maxConcurrentRequests ?? exporterLimits.maxConcurrentRequests.fallback,
    tls: resolveTls(options.tls, read),
  };
  const proxy = resolveProxy(url, read, options.proxy);
  if (proxy !== undefined) config.proxy = proxy;
  if (typeof options.headers === 'function') config.headersFunction = options.headers;
  const auth = resolveAuth(options.auth, read, url);
  if (auth !== undefined) config.auth = auth;
  return { config, problems: read.problems };
}

/** The variable a setting is read from: the traces-specific one when set, else the general one. */
function signal(read: EnvReader, names: readonly [string, string]): string {
  return read.first(names) ?? names[1];
}

function validate(options: OtlpExporterOptions): void {
  if (typeof options !== 'object' || options === null)
    throw optionError(PREFIX, 'options', options, 'an object');
  for (const name of ['url', 'endpoint'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'string' && isHttpUrl(value))) {
      throw optionError(PREFIX, name, value, 'an absolute http:// or https:// URL');
    }
  }
  for (const name of ['timeoutMillis', 'maxConcurrentRequests'] as const) {
    checkNumberOption(PREFIX, name, options[name], exporterLimits[name]);
  }
  if (options.protocol !== undefined && !PROTOCOLS.includes(options.protocol)) {
    throw optionError(PREFIX, 'protocol', options.protocol, PROTOCOLS.join(', '));
  }
  if (options.compression !== undefined && !COMPRESSIONS.includes(options.compression)) {
    throw optionError(PREFIX, 'compression', options.compression, COMPRESSIONS.join(', '));
  }
  const { headers } = options;
  if (
    headers !== undefined &&
    typeof headers !== 'function' &&
    (typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    throw optionError(PREFIX, 'headers', headers, 'an object of string values, or a function');
  }
  checkTlsOption(options.tls);
  checkProxyOption(options.proxy);
  checkAuthOption(options.auth);
}

/**
 * OTLP/HTTP appends `/v1/traces` to a base endpoint; gRPC takes every endpoint as is (the spec's rule). A bad
 * traces-specific variable falls back to the general one, then to the default.
 */
function resolveUrl(options: OtlpExporterOptions, read: EnvReader, protocol: OtlpProtocol): string {
  const grpc = protocol === 'grpc';
  const fromBase = (base: string) => (grpc ? base : withTracesPath(base));
  if (options.url !== undefined) return options.url;
  if (options.endpoint !== undefined) return fromBase(options.endpoint);
  const [specificName] = exporterEnv.url;
  const specific = read.raw(specificName);
  if (specific !== undefined && isHttpUrl(specific)) return specific;
  const fallback = grpc ? GRPC_ENDPOINT : HTTP_BASE + TRACES_PATH;
  const general = read.url(exporterEnv.baseUrl[0], fallback);
  const used = general === undefined ? fallback : fromBase(general);
  // Named, not shown: the fallback could carry credentials of its own.
  const instead = general === undefined ? fallback : `${exporterEnv.baseUrl[0]} instead`;
  if (specific !== undefined) read.url(specificName, instead);
  return used;
}

/**
 * Code headers replace env ones. From env: the general variable, then the traces-specific one over it key by key;
 * a malformed entry is skipped (one line, no value shown). Names are lower-cased, as HTTP/2 and gRPC want them.
 */
function resolveHeaders(options: OtlpExporterOptions, read: EnvReader): Record<string, string> {
  const merged: Record<string, string> = {};
  // A headers function replaces the env headers too: it decides every attempt's headers.
  if (typeof options.headers === 'function') return merged;
  const sources = options.headers
    ? [options.headers]
    : exporterEnv.headers.map((name) => read.keyValues(name) ?? {});
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) merged[name.toLowerCase()] = value;
  }
  return merged;
}

/** The signal path goes at the end of the base URL's path, before any query string a gateway needs. */
function withTracesPath(base: string): string {
  if (!URL.canParse(base)) return `${base.replace(/\/+$/, '')}${TRACES_PATH}`;
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${TRACES_PATH}`;
  return url.href;
}
