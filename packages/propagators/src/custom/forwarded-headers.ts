import { context as api, createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

/** Header name (lowercase) → value, as received on the request that created the context. */
export type ForwardedHeaders = Readonly<Record<string, string>>;

const FORWARDED_HEADERS_KEY = createContextKey('otelkit.propagators.forwarded-headers');
const NONE: ForwardedHeaders = Object.freeze({});

/** The headers that outgoing calls made in `context` will carry (empty when none). */
export function getForwardedHeaders(context: Context = api.active()): ForwardedHeaders {
  return (context.getValue(FORWARDED_HEADERS_KEY) as ForwardedHeaders | undefined) ?? NONE;
}

/** Adds (or replaces) forwarded headers in a new context; names are lowercased. */
export function setForwardedHeaders(
  context: Context,
  headers: Readonly<Record<string, string>>,
): Context {
  const merged: Record<string, string> = Object.assign(
    Object.create(null),
    getForwardedHeaders(context),
  );
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
  return context.setValue(FORWARDED_HEADERS_KEY, Object.freeze(merged));
}
