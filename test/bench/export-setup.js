'use strict';
// The two pipelines under test, built the same way: a provider, one processor, one exporter.
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { OtelkitBatchSpanProcessor, OtlpHttpSpanExporter } = require('@otelkit/export');
const { oneSpanOf } = require('./one-span');

const resource = resourceFromAttributes({
  'service.name': 'bench',
  'service.version': '1.0.0',
  'host.name': 'bench-host',
  'process.pid': process.pid,
});

/** Calls back success at once: the processor's own cost, with nothing exported. */
const nullExporter = {
  export: (spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};

function exporterFor(impl, url) {
  if (!url) return nullExporter;
  return impl === 'upstream'
    ? new OTLPTraceExporter({ url })
    : new OtlpHttpSpanExporter({ url }, {});
}

/** impl: 'none' | 'upstream' | 'otelkit'; url undefined → the null exporter; options for the processor. */
function pipeline(impl, url, options = {}) {
  let processor;
  if (impl === 'upstream') processor = new BatchSpanProcessor(exporterFor(impl, url), options);
  else if (impl === 'otelkit')
    processor = new OtelkitBatchSpanProcessor(
      exporterFor(impl, url),
      { onWarning: () => {}, ...options },
      {},
    );
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: processor ? [processor] : [],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  return { provider, processor, oneSpan: oneSpanOf(tracer) };
}

module.exports = { pipeline, resource, nullExporter };
