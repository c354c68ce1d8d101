import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Export processors drop spans without the sampled flag. A span the tail sampler keeps although the head did
 * not sample it is handed on through this view, which reports the flag set; every other field is the span's
 * own (read through the prototype), and the span itself — and the context its children saw — is untouched.
 */
export function asSampled(span: ReadableSpan): ReadableSpan {
  const context = span.spanContext();
  if ((context.traceFlags & TraceFlags.SAMPLED) !== 0) return span;
  const sampled = { ...context, traceFlags: context.traceFlags | TraceFlags.SAMPLED };
  return Object.create(span, { spanContext: { value: () => sampled } }) as ReadableSpan;
}
