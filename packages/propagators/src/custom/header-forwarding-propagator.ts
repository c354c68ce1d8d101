import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { HeaderForwardingOptions } from '../types';
import { checkHeaderList, checkInteger } from '../config/validate-option';
import { headerValues, isSafeHeaderValue, trimOws } from '../internal/header-text';
import { getForwardedHeaders, setForwardedHeaders } from './forwarded-headers';

export const DEFAULT_FORWARD_HEADERS: readonly string[] = ['x-request-id'];
export const DEFAULT_FORWARD_MAX_VALUE_LENGTH = 1024;
/** `maxValueLength` and OTELKIT_FORWARD_MAX_VALUE_LENGTH: 1 to 8192 characters (Node allows 16 KB of headers). */
export const FORWARD_MAX_VALUE_LENGTH_RANGE = { min: 1, max: 8192 };

/**
 * Forwards named incoming headers (e.g. `x-request-id`, `x-tenant-id`) on every outgoing call made in that request's
 * context. Values are taken only when they are safe to send again (visible ASCII, bounded length), so a hostile
 * value can never make an outgoing request throw. A header the caller already set on a plain-object carrier is
 * left alone.
 */
export class HeaderForwardingPropagator implements TextMapPropagator {
  private readonly headers: readonly string[];
  private readonly maxValueLength: number;

  constructor(options: HeaderForwardingOptions = {}) {
    this.headers = checkHeaderList('forward.headers', options.headers) ?? DEFAULT_FORWARD_HEADERS;
    this.maxValueLength =
      checkInteger(
        'forward.maxValueLength',
        options.maxValueLength,
        FORWARD_MAX_VALUE_LENGTH_RANGE,
      ) ?? DEFAULT_FORWARD_MAX_VALUE_LENGTH;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const forwarded = getForwardedHeaders(context);
    for (const name in forwarded) {
      if (isTracingSuppressed(context)) return;
      if (!alreadySet(carrier, name)) setter.set(carrier, name, forwarded[name]);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let found: Record<string, string> | undefined;
    for (const name of this.headers) {
      const values = headerValues(getter.get(carrier, name));
      if (values.length === 0) continue;
      const value = trimOws(values.length === 1 ? values[0] : values.join(', '));
      if (value.length > this.maxValueLength || !isSafeHeaderValue(value)) continue;
      (found ??= {})[name] = value;
    }
    return found ? setForwardedHeaders(context, found) : context;
  }

  fields(): string[] {
    return [...this.headers];
  }
}

function alreadySet(carrier: unknown, name: string): boolean {
  if (
    typeof carrier !== 'object' ||
    carrier === null ||
    Object.getPrototypeOf(carrier) !== Object.prototype
  ) {
    return false;
  }
  return Object.keys(carrier).some((key) => key.toLowerCase() === name);
}
