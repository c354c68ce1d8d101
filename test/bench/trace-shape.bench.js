'use strict';
// Cost of @otelkit/node's TraceShapeProcessor (quiet start-up + context-loss count) in steady state: serving, no
// context lost. Two measures of the export processor alone and of the same processor behind it, each measurement in a
// fresh process (so neither variant's call sites see the other's classes), the two alternated, medians over RUNS:
// - processor: onStart + onEnd called directly on ready-made spans (a parentless SERVER span and a child CLIENT span,
//   the two shapes of a request), the finest view of the added work;
// - spans: a request's worth of real SDK spans (a SERVER root and 3 children) started and ended through a provider.
// Run: npx tsc -b && node test/bench/trace-shape.bench.js
const { execFileSync } = require('node:child_process');
const { context, ROOT_CONTEXT, SpanKind, trace } = require('@opentelemetry/api');
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
const { ServingPhase } = require('../../packages/node/build/src/lifecycle/serving-phase');
const { ContextLoss } = require('../../packages/node/build/src/trace-shape/context-loss');
const {
  TraceShapeProcessor,
} = require('../../packages/node/build/src/trace-shape/trace-shape-processor');

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const N = 500_000;
const SPANS_N = 50_000;
const { median } = require('./median');

/** Stands for the batch processor: counts, so the calls cannot be optimised away. */
class Sink {
  constructor() {
    this.started = 0;
    this.ended = 0;
  }
  onStart() {
    this.started++;
  }
  onEnd() {
    this.ended++;
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

function shaped(next) {
  const diag = { warn: () => undefined, info: () => false }; // no line is printed in steady state anyway
  const phase = new ServingPhase();
  const processor = new TraceShapeProcessor(next, phase, new ContextLoss(diag, 60_000), diag, {
    exportStartup: false,
    windowMillis: 30_000,
  });
  phase.begin(); // steady state: serving, start-up traces forgotten
  return processor;
}

// Ready-made spans for the direct calls (their own provider; no processor sees them being made).
const spare = new BasicTracerProvider().getTracer('@opentelemetry/instrumentation-http');
const server = spare.startSpan('GET /users/:id', { kind: SpanKind.SERVER });
const client = spare.startSpan(
  'GET',
  { kind: SpanKind.CLIENT },
  trace.setSpan(ROOT_CONTEXT, server),
);

function timeProcessor(processor) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    processor.onStart(server, ROOT_CONTEXT);
    processor.onStart(client, ROOT_CONTEXT);
    processor.onEnd(client);
    processor.onEnd(server);
  }
  return Number(process.hrtime.bigint() - start) / (2 * N);
}

function timeSpans(tracer) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < SPANS_N; i++) {
    const root = tracer.startSpan('GET /users/:id', { kind: SpanKind.SERVER });
    const ctx = trace.setSpan(context.active(), root);
    tracer.startSpan('middleware', {}, ctx).end();
    tracer.startSpan('SELECT users', { kind: SpanKind.CLIENT }, ctx).end();
    tracer.startSpan('GET', { kind: SpanKind.CLIENT }, ctx).end();
    root.end();
  }
  return Number(process.hrtime.bigint() - start) / (4 * SPANS_N);
}

const variant = process.argv[2];
if (variant !== undefined) {
  const processor = variant === 'shaped' ? shaped(new Sink()) : new Sink();
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer(
    '@opentelemetry/instrumentation-http',
  );
  timeProcessor(processor); // warm-up
  timeSpans(tracer);
  console.log(JSON.stringify({ processor: timeProcessor(processor), spans: timeSpans(tracer) }));
} else {
  const samples = { processor: { alone: [], shaped: [] }, spans: { alone: [], shaped: [] } };
  for (let run = 0; run < RUNS; run++) {
    for (const name of run % 2 === 0 ? ['alone', 'shaped'] : ['shaped', 'alone']) {
      const out = execFileSync(process.execPath, [__filename, name], { encoding: 'utf8' });
      const result = JSON.parse(out);
      for (const measure of ['processor', 'spans']) samples[measure][name].push(result[measure]);
    }
  }
  for (const [measure, byName] of Object.entries(samples)) {
    const alone = median(byName.alone);
    const withShape = median(byName.shaped);
    console.log(
      `${measure.padEnd(10)} per span: export processor alone ${alone.toFixed(1).padStart(6)} ns, ` +
        `behind TraceShapeProcessor ${withShape.toFixed(1).padStart(6)} ns, ` +
        `ratio ${(withShape / alone).toFixed(2)}, added ${(withShape - alone).toFixed(1)} ns`,
    );
  }
  for (const measure of ['processor', 'spans'])
    console.log(
      `per-run ${measure} ns: alone ${samples[measure].alone.map((x) => x.toFixed(1)).join(' ')}; ` +
        `shaped ${samples[measure].shaped.map((x) => x.toFixed(1)).join(' ')}`,
    );
}
