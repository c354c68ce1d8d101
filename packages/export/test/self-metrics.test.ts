import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
} from '@opentelemetry/sdk-metrics';
import { OtelkitBatchSpanProcessor, OtlpHttpSpanExporter } from '@otelkit/export';
import { startReceiver } from '@otelkit/testing';
import { tracingWith } from './helpers/tracing';

class Reader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected onForceFlush = () => Promise.resolve();
  protected onShutdown = () => Promise.resolve();
}

async function points(reader: Reader) {
  const { resourceMetrics } = await reader.collect();
  const out: Record<string, Array<DataPoint<unknown>>> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) out[metric.descriptor.name] = metric.dataPoints;
  }
  return out;
}

test('processor and exporter report the SDK self-observability metrics', async () => {
  let mode: 'ok' | 'reject' | 'hang' = 'ok';
  const receiver = await startReceiver({
    respond: () =>
      mode === 'reject'
        ? { status: 400 }
        : mode === 'hang'
          ? new Promise(() => undefined)
          : undefined,
  });
  const reader = new Reader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const exporter = new OtlpHttpSpanExporter(
    { url: receiver.tracesUrl, meterProvider, retry: { maxAttempts: 1 }, timeoutMillis: 200 },
    {},
  );
  const processor = new OtelkitBatchSpanProcessor(exporter, {
    meterProvider,
    maxQueueSize: 100,
    maxExportBatchSize: 100,
    maxConcurrentExports: 1,
    exportTimeoutMillis: 300,
    onWarning: () => undefined,
  });
  const { endSpans } = tracingWith(processor);
  endSpans(60);
  await processor.forceFlush();
  mode = 'reject';
  endSpans(10);
  await processor.forceFlush();
  mode = 'hang';
  // A full batch leaves at once and holds the only export slot; the next 100 fill the queue, 50 more are dropped.
  endSpans(250);
  const m = await points(reader);
  await processor.shutdown();
  await receiver.close();

  const byError = (name: string) =>
    Object.fromEntries(m[name].map((p) => [String(p.attributes['error.type'] ?? 'ok'), p.value]));
  expect(byError('otel.sdk.processor.span.processed')).toEqual({ ok: 170, queue_full: 50 });
  expect(byError('otel.sdk.exporter.span.exported')).toEqual({ ok: 60, '400': 10 });
  expect(m['otel.sdk.processor.span.queue.size'][0].value).toBe(100);
  expect(m['otel.sdk.processor.span.queue.capacity'][0].value).toBe(100);
  expect(m['otel.sdk.exporter.span.inflight'][0].value).toBe(100);
  expect(m['otel.sdk.exporter.operation.duration']).toHaveLength(2);
  expect(m['otel.sdk.processor.span.processed'][0].attributes).toMatchObject({
    'otel.component.type': 'batching_span_processor',
    'otel.component.name': expect.stringMatching(/^batching_span_processor\/\d+$/),
  });
  expect(m['otel.sdk.exporter.span.exported'][0].attributes).toMatchObject({
    'otel.component.type': 'otlp_http_span_exporter',
    'server.address': '127.0.0.1',
    'server.port': receiver.port,
  });
});
