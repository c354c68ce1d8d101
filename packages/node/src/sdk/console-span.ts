import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { WaterfallSpan } from '@otelkit/core';

/** What the console exporter keeps of an SDK span: the waterfall's fields and the resource to describe once. */
export interface ConsoleSpan extends WaterfallSpan {
  resource: ReadableSpan['resource'];
  /** The span's parent is in another process (or there is none): the end of this trace's part in this process. */
  localRoot: boolean;
}

// The OTLP wire names, indexed by the API's SpanKind numbers (INTERNAL 0 … CONSUMER 4).
const KIND_NAMES = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

const nanos = (time: HrTime) => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);

/** Copies what the waterfall prints, so the buffer holds small records rather than the SDK's spans. */
export function toConsoleSpan(span: ReadableSpan): ConsoleSpan {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const start = nanos(span.startTime);
  const end = nanos(span.endTime);
  const serviceName = span.resource.attributes['service.name'];
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: parent?.spanId,
    name: span.name,
    kindName: KIND_NAMES[span.kind] ?? 'UNSPECIFIED',
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Number(end - start) / 1e6,
    status: { code: span.status.code },
    serviceName: typeof serviceName === 'string' ? serviceName : undefined,
    resource: span.resource,
    localRoot: parent === undefined || parent.isRemote === true,
  };
}
