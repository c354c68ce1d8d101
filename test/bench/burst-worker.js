'use strict';
// One burst in a fresh process: node burst-worker.js <variant> <spans>. The collector comes from
// OTEL_EXPORTER_OTLP_ENDPOINT, the rest of the settings are each pipeline's defaults (burst.js clears every
// OTEL_* and OTELKIT_* variable but the ones a variant is about). Makes <spans> spans, 100 per turn of the
// event loop, shuts tracing down (which flushes), and prints one JSON line: spans made, drops the SDK
// counted by reason, times and peak RSS. What the collector received is asked by burst.js once this exits.
const { performance } = require('node:perf_hooks');
const { createRequire } = require('node:module');
const path = require('node:path');
const { oneSpanOf } = require('./one-span');

const [variant, spansArg] = process.argv.slice(2);
const TOTAL = Number(spansArg);
const PER_TURN = 100;
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Upstream as its docs set it up: NodeTracerProvider + BatchSpanProcessor + the OTLP/HTTP protobuf exporter, all
 * defaults (queue 2048, batch 512, delay 5 s). Its drops are counted only in a warning line ("Dropped N spans
 * because maxQueueSize reached", printed when the next span gets in) and a private counter: both are summed.
 */
function upstream() {
  const api = require('@opentelemetry/api');
  // The bench package does not depend on sdk-trace-node; @otelkit/node does, at the catalog's version (2.12).
  const { NodeTracerProvider } = createRequire(require.resolve('@otelkit/node'))(
    '@opentelemetry/sdk-trace-node',
  );
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const { resourceFromAttributes } = require('@opentelemetry/resources');
  let warned = 0;
  const lines = [];
  api.diag.setLogger(
    {
      warn(message) {
        const dropped = /^Dropped (\d+) spans because maxQueueSize reached/.exec(message);
        if (dropped) warned += Number(dropped[1]);
        else lines.push(message);
      },
      error: (message) => lines.push(message),
      info() {},
      debug() {},
      verbose() {},
    },
    api.DiagLogLevel.WARN,
  );
  const processor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'burst' }),
    spanProcessors: [processor],
  });
  provider.register();
  return {
    tracer: api.trace.getTracer('bench', '1.0.0'),
    shutdown: () => provider.shutdown(),
    dropped: () => ({ queue_full: warned + (processor._droppedSpansCount ?? 0) }),
    queueBound: processor._maxQueueSize,
    queued: () => processor._finishedSpans.length,
    lines,
  };
}

/**
 * What a user of @otelkit/node gets from start() with the defaults (masking on, instrumentations loaded); from
 * the built checkout at BURST_OTELKIT_ROOT when set (burst.js's BURST_COMPARE), else from this one.
 */
function otelkit() {
  const root = process.env.BURST_OTELKIT_ROOT;
  const load = root ? createRequire(path.join(root, 'test/bench/burst-worker.js')) : require;
  const api = load('@opentelemetry/api');
  const { start } = load('@otelkit/node');
  const handle = start();
  const processor = findBatchProcessor(handle.tracerProvider);
  return {
    tracer: api.trace.getTracer('bench', '1.0.0'),
    shutdown: () => handle.shutdown(),
    dropped: () => nonZero(processor.stats().dropped),
    queued: () => processor.stats().queueSize,
    handleStats: () => handle.stats(),
    // The processor's count bound, and its path: no open request means spans queue as SDK objects.
    queueBound: processor.capacity,
    path: processor.request === undefined ? 'batch' : 'encoded',
    lines: [],
  };
}

/**
 * start() hides its processor; its counts by reason (the handle's stats() sums them) are read from the one the
 * provider holds. Private fields, read by a benchmark only.
 */
function findBatchProcessor(provider) {
  const seen = new Set();
  const visit = (value, depth) => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 4) return;
    seen.add(value);
    if (typeof value.stats === 'function' && value.config?.maxQueueSize !== undefined) return value;
    for (const child of Object.values(value)) {
      const found = visit(child, depth + 1);
      if (found) return found;
    }
  };
  const processor = visit(provider._activeSpanProcessor, 0);
  if (!processor) throw new Error('no OtelkitBatchSpanProcessor under the provider');
  return processor;
}

const nonZero = (counts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

async function main() {
  const pipe = variant === 'upstream' ? upstream() : otelkit();
  const { tracer } = pipe;
  const oneSpan = oneSpanOf(tracer);
  const rssBefore = process.resourceUsage().maxRSS;
  const start = performance.now();
  // The deepest the queue got (sampled once per turn, after its 100 spans): how much of its bound the burst used.
  let maxQueued = 0;
  for (let made = 0; made < TOTAL; made += PER_TURN) {
    for (let n = 0; n < PER_TURN; n++) oneSpan();
    maxQueued = Math.max(maxQueued, pipe.queued());
    await turn();
  }
  const generated = performance.now();
  await pipe.shutdown();
  const done = performance.now();
  return {
    variant,
    path: pipe.path,
    queueBound: pipe.queueBound,
    maxQueued,
    made: TOTAL,
    dropped: pipe.dropped(),
    handle: pipe.handleStats?.(),
    generateMs: generated - start,
    wallMs: done - start,
    shutdownMs: done - generated,
    startRssMB: rssBefore / 1024,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    lines: pipe.lines,
  };
}

main()
  .then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
