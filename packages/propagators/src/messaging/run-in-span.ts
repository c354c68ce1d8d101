import { SpanStatusCode, context as api, trace } from '@opentelemetry/api';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from './messaging-attributes';

const TRACER_NAME = '@otelkit/propagators';

export function messagingTracer(tracer: Tracer | undefined): Tracer {
  return tracer ?? trace.getTracer(TRACER_NAME);
}

/** Records an error the way the conventions ask: exception event, ERROR status, `error.type`. */
export function recordMessagingError(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.name || 'Error' : '_OTHER';
  span.setAttribute(ATTR_ERROR_TYPE, type);
  if (error instanceof Error || typeof error === 'string') span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Runs `fn` with `span` active in `context`, ends the span when `fn` returns or its promise settles, and records a
 * thrown or rejected error. The caller's error is passed through unchanged.
 */
export function runInSpan<T>(span: Span, context: Context, fn: (span: Span) => T): T {
  let result: T;
  try {
    result = api.with(trace.setSpan(context, span), fn, undefined, span);
  } catch (error) {
    recordMessagingError(span, error);
    span.end();
    throw error;
  }
  if (isPromiseLike(result)) {
    result.then(
      () => span.end(),
      (error: unknown) => {
        recordMessagingError(span, error);
        span.end();
      },
    );
  } else {
    span.end();
  }
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
