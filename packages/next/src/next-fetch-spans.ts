/**
 * One CLIENT span per outgoing `fetch`. Next.js wraps each server-side fetch in a CLIENT span of its own, and the
 * undici instrumentation of @otelkit/node adds the CLIENT span that carries `traceparent` under it: two CLIENT spans
 * for one call. Next.js's is the one to go, since the called service's SERVER span is the child of undici's. Next.js
 * reads `NEXT_OTEL_FETCH_DISABLED` at each fetch, so setting it when tracing starts is in time; a value the user set
 * (`0` keeps Next.js's span) is left alone.
 */
export function keepOneFetchSpan(env: NodeJS.ProcessEnv): void {
  if (env.NEXT_OTEL_FETCH_DISABLED === undefined) env.NEXT_OTEL_FETCH_DISABLED = '1';
}
