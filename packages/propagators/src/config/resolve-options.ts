import type {
  AliasPropagatorOptions,
  HeaderForwardingOptions,
  StrictTraceContextOptions,
} from '../types';
import { DEFAULT_ALIAS_TRACEPARENT, DEFAULT_ALIAS_TRACESTATE } from '../custom/alias-propagator';
import type { EnvReader } from '@otelkit/core';
import {
  DEFAULT_FORWARD_HEADERS,
  DEFAULT_FORWARD_MAX_VALUE_LENGTH,
  FORWARD_MAX_VALUE_LENGTH_RANGE,
} from '../custom/header-forwarding-propagator';
import { envHeaderList, envHeaderName } from './env-headers';
import { resolveTracestateMaxLength } from './tracestate-max-length';

/**
 * Option → env tables: a code option wins, then the env var, then the default. Code values are validated by the
 * propagator constructors (and throw); env values are read here through core's EnvReader, which collects one
 * problem line per bad variable for the caller to print.
 */
export function resolveTraceContextOptions(
  code: StrictTraceContextOptions = {},
  reader: EnvReader,
): StrictTraceContextOptions {
  return { tracestateMaxLength: resolveTracestateMaxLength(code.tracestateMaxLength, reader) };
}

export function resolveAliasOptions(
  code: AliasPropagatorOptions = {},
  reader: EnvReader,
): AliasPropagatorOptions {
  const tracestateFromEnv = () =>
    envHeaderName(reader, 'OTELKIT_ALIAS_TRACESTATE_HEADER', DEFAULT_ALIAS_TRACESTATE);
  return {
    ...resolveTraceContextOptions(code, reader),
    traceparentHeader:
      code.traceparentHeader ??
      envHeaderName(reader, 'OTELKIT_ALIAS_TRACEPARENT_HEADER', DEFAULT_ALIAS_TRACEPARENT) ??
      DEFAULT_ALIAS_TRACEPARENT,
    tracestateHeader:
      code.tracestateHeader !== undefined ? code.tracestateHeader : (tracestateFromEnv() ?? null),
  };
}

export function resolveForwardingOptions(
  code: HeaderForwardingOptions = {},
  reader: EnvReader,
): HeaderForwardingOptions {
  return {
    headers:
      code.headers ?? envHeaderList(reader, 'OTELKIT_FORWARD_HEADERS', DEFAULT_FORWARD_HEADERS),
    maxValueLength:
      code.maxValueLength ??
      reader.number('OTELKIT_FORWARD_MAX_VALUE_LENGTH', {
        ...FORWARD_MAX_VALUE_LENGTH_RANGE,
        fallback: DEFAULT_FORWARD_MAX_VALUE_LENGTH,
        integer: true,
      }),
  };
}
