import type {
  AliasPropagatorOptions,
  HeaderForwardingOptions,
  StrictTraceContextOptions,
} from '../types';
import { DEFAULT_ALIAS_TRACEPARENT, DEFAULT_ALIAS_TRACESTATE } from '../custom/alias-propagator';
import {
  DEFAULT_FORWARD_HEADERS,
  DEFAULT_FORWARD_MAX_VALUE_LENGTH,
} from '../custom/header-forwarding-propagator';
import type { EnvSource } from './env-values';
import { envHeaderList, envHeaderName, envInteger } from './env-values';
import { resolveTracestateMaxLength } from './tracestate-max-length';

/**
 * Option → env tables: a code option wins, then the env var, then the default. Code values are validated by the
 * propagator constructors (and throw); env values are validated here (and warn).
 */
export function resolveTraceContextOptions(
  code: StrictTraceContextOptions = {},
  source: EnvSource,
): StrictTraceContextOptions {
  return { tracestateMaxLength: resolveTracestateMaxLength(code.tracestateMaxLength, source) };
}

export function resolveAliasOptions(
  code: AliasPropagatorOptions = {},
  source: EnvSource,
): AliasPropagatorOptions {
  const tracestateFromEnv = () =>
    envHeaderName(source, 'OTELKIT_ALIAS_TRACESTATE_HEADER', DEFAULT_ALIAS_TRACESTATE);
  return {
    ...resolveTraceContextOptions(code, source),
    traceparentHeader:
      code.traceparentHeader ??
      envHeaderName(source, 'OTELKIT_ALIAS_TRACEPARENT_HEADER', DEFAULT_ALIAS_TRACEPARENT) ??
      DEFAULT_ALIAS_TRACEPARENT,
    tracestateHeader:
      code.tracestateHeader !== undefined ? code.tracestateHeader : (tracestateFromEnv() ?? null),
  };
}

export function resolveForwardingOptions(
  code: HeaderForwardingOptions = {},
  source: EnvSource,
): HeaderForwardingOptions {
  return {
    headers:
      code.headers ?? envHeaderList(source, 'OTELKIT_FORWARD_HEADERS', DEFAULT_FORWARD_HEADERS),
    maxValueLength:
      code.maxValueLength ??
      envInteger(source, 'OTELKIT_FORWARD_MAX_VALUE_LENGTH', 1, DEFAULT_FORWARD_MAX_VALUE_LENGTH),
  };
}
