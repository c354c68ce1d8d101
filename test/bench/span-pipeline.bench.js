'use strict';
// The per-span pipeline of a traced HTTP request, on the spans the HTTP bench server (http-server.js) makes: a SERVER
// span with the stable HTTP attributes and an express request-handler span, values built fresh for each request as a
// server parses them (equal text, new strings). Rows:
// - masking: MaskingSpanProcessor.onEnding (default rules) on both spans;
// - pipeline: both spans started and ended through a provider built as @otelkit/node builds it (PooledIdGenerator,
//   SpanNameProcessor, masking, TraceShapeProcessor in front of OtelkitBatchSpanProcessor encoding each span into an
//   OtlpHttpSpanExporter request, which is then dropped instead of sent), against the same provider with no processor.
// - server: MaskingSpanProcessor.onEnding timed inside http-server.js itself, under `--require @otelkit/node/register`,
//   over sequential keep-alive requests from an untraced client in the same process: the same two spans, but ended
//   among a request's other work, with what that leaves in the caches (micro-benchmarks on hot spans flatter).
// Each measurement runs in a fresh process, variants alternated, medians over BENCH_RUNS rounds.
// BEFORE=<dir> adds a "before" variant loaded from <dir>/masking, <dir>/node and <dir>/export: copies of those
// packages' build/ taken before a change (kept inside each package, e.g. packages/masking/build-before, and linked
// from <dir>, so that their own requires still resolve), to compare with the current build.
// Run: npx tsc -b && node test/bench/span-pipeline.bench.js
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20000);
const PACKAGES = path.join(__dirname, '..', '..', 'packages');
const { median } = require('./median');

/** A copy of `text` that is a new string, as a value parsed from a request is. */
const fresh = (text) => Buffer.from(text).toString();

function serverAttributes(i) {
  return {
    'http.request.method': fresh('GET'),
    'url.scheme': fresh('http'),
    'server.address': fresh('127.0.0.1'),
    'network.peer.address': fresh('127.0.0.1'),
    'network.peer.port': 40000 + (i % 20000),
    'network.protocol.version': fresh('1.1'),
    'url.path': fresh('/items/42'),
    'url.query': fresh('user=alice@example.com'),
    'client.address': fresh('127.0.0.1'),
    'server.port': 3000,
    'user_agent.original': fresh('autocannon/8.0.0'),
  };
}

function child(row, variant) {
  const { SpanKind, context, trace } = require('@opentelemetry/api');
  const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
  const root = variant === 'before' ? process.env.BEFORE : PACKAGES;
  const build = (pkg, file) =>
    require(path.join(root, pkg, variant === 'before' ? '' : 'build', file));
  const { MaskingSpanProcessor } = build('masking', 'src/index.js');
  const requestSpans = (tracer, i) => {
    const server = tracer.startSpan(fresh('GET'), {
      kind: SpanKind.SERVER,
      attributes: serverAttributes(i),
    });
    const handler = tracer.startSpan(
      fresh('request handler - /items/:id'),
      {
        attributes: {
          'http.route': fresh('/items/:id'),
          'express.name': fresh('/items/:id'),
          'express.type': fresh('request_handler'),
        },
      },
      trace.setSpan(context.active(), server),
    );
    return [server, handler];
  };
  const finish = ([server, handler]) => {
    handler.end();
    server.setAttribute('http.response.status_code', 200);
    server.setAttribute('http.route', fresh('/items/:id'));
    server.updateName(fresh('GET /items/:id'));
    server.end();
  };

  if (row === 'server') return serverMasking(variant, build);
  if (row === 'masking') {
    const masking = new MaskingSpanProcessor();
    const tracer = new BasicTracerProvider().getTracer('@opentelemetry/instrumentation-http');
    // Masked in chunks of spans just made, so they are in cache as a span that just ended is; only masking is timed.
    const CHUNK = 64;
    const time = () => {
      let nanos = 0n;
      const spans = [];
      for (let i = 0; i < REQUESTS; i += CHUNK) {
        spans.length = 0;
        for (let j = 0; j < CHUNK; j++) {
          const pair = requestSpans(tracer, i + j);
          finish(pair);
          spans.push(pair);
        }
        const start = process.hrtime.bigint();
        for (const [server, handler] of spans) {
          masking.onEnding(handler);
          masking.onEnding(server);
        }
        nanos += process.hrtime.bigint() - start;
      }
      return Number(nanos) / REQUESTS;
    };
    time();
    return time();
  }

  let processors = [];
  let idGenerator;
  if (variant !== 'none') {
    const { OtelkitBatchSpanProcessor, OtlpHttpSpanExporter } = build('export', 'src/index.js');
    const { PooledIdGenerator } = build('node', 'src/sdk/pooled-id-generator.js');
    const { SpanNameProcessor } = build('node', 'src/sdk/span-name.js');
    const { ServingPhase } = build('node', 'src/lifecycle/serving-phase.js');
    const { ContextLoss } = build('node', 'src/trace-shape/context-loss.js');
    const { TraceShapeProcessor } = build('node', 'src/trace-shape/trace-shape-processor.js');
    const exporter = new OtlpHttpSpanExporter({ url: 'http://127.0.0.1:9/v1/traces' }, {});
    // Encoded and assembled as for sending (which returns the request's writers to their pool), then dropped: what
    // is timed is the span pipeline, not the loopback.
    exporter.exportRequest = (request, done) => {
      exporter.encoder.finishRequest(request);
      done({ code: 0 });
    };
    const batch = new OtelkitBatchSpanProcessor(exporter, { onWarning: () => {} }, {});
    const diag = { warn: () => undefined, info: () => false, debug: () => false };
    const phase = new ServingPhase();
    const shape = new TraceShapeProcessor(batch, phase, new ContextLoss(diag, 60_000), diag, {
      exportStartup: false,
      windowMillis: 30_000,
    });
    phase.begin();
    processors = [new SpanNameProcessor(), new MaskingSpanProcessor(), shape];
    idGenerator = new PooledIdGenerator();
  }
  const tracer = new BasicTracerProvider({ spanProcessors: processors, idGenerator }).getTracer(
    '@opentelemetry/instrumentation-http',
  );
  const time = () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < REQUESTS; i++) finish(requestSpans(tracer, i));
    return Number(process.hrtime.bigint() - start) / REQUESTS;
  };
  time();
  return time();
}

/** Resolves to ns of onEnding per request; the variant's engine replaces the one @otelkit/node made. */
function serverMasking(variant, build) {
  const fromNode = (id) => require(require.resolve(id, { paths: [path.join(PACKAGES, 'node')] }));
  const { context, trace } = fromNode('@opentelemetry/api');
  const { suppressTracing } = fromNode('@opentelemetry/core');
  const http = require('node:http');
  return new Promise((resolve) => {
    process.send = async ({ port }) => {
      const provider = trace.getTracerProvider().getDelegate();
      const masking = provider._activeSpanProcessor._spanProcessors.find(
        (p) => p.constructor.name === 'MaskingSpanProcessor',
      );
      const { MaskingEngine } = build('masking', 'src/engine.js');
      const { normalizeOptions } = build('masking', 'src/normalize-options.js');
      masking.engine = new MaskingEngine(normalizeOptions({}, undefined));
      let nanos = 0n;
      let timing = false;
      const onEnding = masking.onEnding.bind(masking);
      masking.onEnding = (span) => {
        if (!timing) return onEnding(span);
        const start = process.hrtime.bigint();
        onEnding(span);
        nanos += process.hrtime.bigint() - start;
      };
      const agent = new http.Agent({ keepAlive: true });
      const untraced = suppressTracing(context.active());
      const get = () =>
        new Promise((done) =>
          context.with(untraced, () =>
            http.get(
              {
                port,
                agent,
                path: '/items/42?user=alice@example.com',
                headers: { authorization: 'Bearer abc.def.ghi' },
              },
              (res) => res.resume().on('end', done),
            ),
          ),
        );
      for (let i = 0; i < 2000; i++) await get();
      timing = true;
      const n = REQUESTS / 2;
      for (let i = 0; i < n; i++) await get();
      resolve(Number(nanos) / n);
    };
    require('./http-server.js');
  });
}

if (process.argv[2] !== undefined) {
  Promise.resolve(child(process.argv[2], process.argv[3])).then((ns) => {
    console.log(JSON.stringify(ns));
    process.exit(0);
  });
} else {
  const variants = process.env.BEFORE ? ['before', 'after'] : ['after'];
  const rows = { masking: variants, server: variants, pipeline: ['none', ...variants] };
  const samples = {};
  for (let run = 0; run < RUNS; run++)
    for (const [row, names] of Object.entries(rows)) {
      const order = run % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const flags = row === 'server' ? ['--require', '@otelkit/node/register'] : [];
        const out = execFileSync(process.execPath, [...flags, __filename, row, name], {
          encoding: 'utf8',
          cwd: __dirname,
          env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_LOG_LEVEL: 'error' },
        });
        ((samples[row] ??= {})[name] ??= []).push(JSON.parse(out));
      }
    }
  for (const [row, byName] of Object.entries(samples)) {
    const cells = Object.entries(byName).map(
      ([name, xs]) => `${name} ${(median(xs) / 1000).toFixed(2)} µs`,
    );
    let extra = '';
    if (byName.before)
      extra = `, after/before ${(median(byName.after) / median(byName.before)).toFixed(2)}`;
    if (row === 'pipeline') {
      const added = (name) => median(byName[name]) - median(byName.none);
      extra += `; added over no processor: ${variants.map((n) => `${n} ${(added(n) / 1000).toFixed(2)} µs`).join(', ')}`;
    }
    console.log(`${row.padEnd(9)} per request (2 spans): ${cells.join(', ')}${extra}`);
    console.log(
      `  per-run µs: ${Object.entries(byName)
        .map(([n, xs]) => `${n} ${xs.map((x) => (x / 1000).toFixed(2)).join(' ')}`)
        .join('; ')}`,
    );
  }
}
