import { readTlsMaterial, type OtlpTlsOptions } from '@otelkit/export';
import type { StartOptions } from '../types';
import { checkNumber, isHttpUrl, type NumberRange } from './env-reader';
import { batchEnv } from './defaults';
import {
  allInstrumentationNames,
  builtInPropagatorNames,
  compressionNames,
  exporterNames,
  logLevelNames,
  protocolNames,
  resourceDetectorNames,
  samplerNames,
} from './known-names';

/**
 * Code options are written by a developer at a keyboard: a mistake there should fail loudly at start(), unlike an env
 * value on a production box. Throws a TypeError naming the option, the value and what is allowed.
 */
export function validateOptions(
  options: unknown,
  extraPropagatorNames: readonly string[] = [],
): StartOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail('options', options, 'an object');
  }
  const o = options as StartOptions;
  optionalType(o, 'disabled', 'boolean');
  optionalType(o, 'handleSignals', 'boolean');
  nonEmptyString(o, 'serviceName');
  nonEmptyString(o, 'serviceVersion');
  if (o.endpoint !== undefined && !isHttpUrl(String(o.endpoint)))
    fail('endpoint', o.endpoint, 'an absolute http(s) URL');
  if (o.tracesEndpoint !== undefined && !isHttpUrl(String(o.tracesEndpoint))) {
    fail('tracesEndpoint', o.tracesEndpoint, 'an absolute http(s) URL');
  }
  if (
    typeof o.traceExporter === 'string' ||
    (o.traceExporter !== undefined && typeof o.traceExporter !== 'object')
  ) {
    oneOf('traceExporter', o.traceExporter, exporterNames);
  }
  oneOf('protocol', o.protocol, protocolNames);
  oneOf('compression', o.compression, compressionNames);
  oneOf('logLevel', o.logLevel, logLevelNames);
  if (typeof o.sampler === 'string' || (o.sampler !== undefined && typeof o.sampler !== 'object')) {
    oneOf('sampler', o.sampler, samplerNames);
  }
  number('samplerArg', o.samplerArg, { min: 0, max: 1 });
  number('timeoutMillis', o.timeoutMillis, { min: 1 });
  number('shutdownTimeoutMillis', o.shutdownTimeoutMillis, { min: 0 });
  for (const key of Object.keys(batchEnv) as Array<keyof typeof batchEnv>) {
    number(`batch.${key}`, o.batch?.[key], batchEnv[key].range);
  }
  if (o.headers !== undefined) {
    if (o.headers === null || typeof o.headers !== 'object')
      fail('headers', o.headers, 'an object of strings');
    for (const [key, value] of Object.entries(o.headers)) {
      if (typeof value !== 'string') fail(`headers.${key}`, value, 'a string');
    }
  }
  if (o.tls !== undefined) {
    if (o.tls === null || typeof o.tls !== 'object')
      fail('tls', o.tls, 'an object with ca, cert and/or key');
    for (const piece of ['ca', 'cert', 'key'] as const) {
      const pem = o.tls[piece];
      if (pem !== undefined && typeof pem !== 'string' && !Buffer.isBuffer(pem))
        fail(`tls.${piece}`, pem, 'PEM text (a string or a Buffer)');
    }
    if ((o.tls.cert === undefined) !== (o.tls.key === undefined))
      fail('tls', Object.keys(o.tls), 'cert and key together (mutual TLS needs both)');
    usableTls(o.tls);
  }
  if (o.propagators !== undefined) {
    if (!Array.isArray(o.propagators)) fail('propagators', o.propagators, 'an array');
    for (const entry of o.propagators) {
      if (typeof entry === 'string')
        oneOf('propagators[]', entry, [...builtInPropagatorNames, ...extraPropagatorNames]);
      else if (!entry || typeof entry.inject !== 'function')
        fail('propagators[]', entry, 'a name or a TextMapPropagator');
    }
  }
  for (const list of ['enabled', 'disabled'] as const) {
    const names = o.instrumentations?.[list];
    if (names !== undefined) {
      if (!Array.isArray(names)) fail(`instrumentations.${list}`, names, 'an array of names');
      for (const name of names) oneOf(`instrumentations.${list}[]`, name, allInstrumentationNames);
    }
  }
  for (const name of Object.keys(o.instrumentations?.config ?? {})) {
    oneOf('instrumentations.config key', name, allInstrumentationNames);
  }
  if (o.resourceDetectors !== undefined) {
    if (!Array.isArray(o.resourceDetectors))
      fail('resourceDetectors', o.resourceDetectors, 'an array of names');
    for (const name of o.resourceDetectors)
      oneOf('resourceDetectors[]', name, resourceDetectorNames);
  }
  return o;
}

/**
 * PEM text that Node's TLS refuses (a CA text without a certificate, a key that does not match its certificate) is a
 * mistake in code too: thrown here, by start(), rather than turning tracing off later.
 */
function usableTls(tls: OtlpTlsOptions): void {
  try {
    // Any https URL will do: only the option's own pieces are checked (no env is passed).
    readTlsMaterial('https://collector.invalid', tls, {}, () => undefined);
  } catch (error) {
    const reason = (error as Error).message.replace(/^@otelkit\/export: /, '');
    throw new TypeError(`@otelkit/node: ${reason}`);
  }
}

function fail(name: string, value: unknown, expected: string): never {
  throw new TypeError(
    `@otelkit/node: option ${name} is ${JSON.stringify(value) ?? String(value)}; expected ${expected}`,
  );
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string))
    fail(name, value, `one of ${allowed.join(', ')}`);
}

function optionalType(o: StartOptions, key: keyof StartOptions, type: string): void {
  if (o[key] !== undefined && typeof o[key] !== type) fail(key, o[key], `a ${type}`);
}

function nonEmptyString(o: StartOptions, key: keyof StartOptions): void {
  if (o[key] !== undefined && (typeof o[key] !== 'string' || (o[key] as string).trim() === '')) {
    fail(key, o[key], 'a non-empty string');
  }
}

function number(name: string, value: unknown, range: NumberRange): void {
  if (value === undefined) return;
  const why = typeof value === 'number' ? checkNumber(value, range) : 'is not a number';
  if (why)
    throw new TypeError(`@otelkit/node: option ${name} is ${JSON.stringify(value)}, which ${why}`);
}
