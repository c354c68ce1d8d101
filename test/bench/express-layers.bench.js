'use strict';
// CPU of one express request through otelkit's express instrumentation and context manager, in process (no sockets):
// the app of http-server.js (express 4's `query` and `expressInit`, a route with a path parameter answering JSON,
// to a response that only keeps the body)
// under a parent server span, as instrumentation-http leaves it (the response bound to the request's context).
// Each variant runs in its own process (express is patched once per process); they take turns on batches of
// BENCH_REQUESTS requests for BENCH_RUNS rounds; prints the first quartile of CPU µs per request. Variants: `untraced` (no tracing at all), `context` (the context manager and the parent
// span, express not instrumented) and `traced` (express instrumented too), from packages/node/build;
// EXPRESS_BENCH_BASE=<a copy of packages/node/build> adds `base`, the same traced request from that copy, for A/B.
// Run: npx tsc -b packages/node && node test/bench/express-layers.bench.js
const { fork } = require('node:child_process');
const { EventEmitter } = require('node:events');
const path = require('node:path');

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const N = Number(process.env.BENCH_REQUESTS ?? 5000);
const { median } = require('./median');
const quartile = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 4)];
const BUILD = path.resolve(
  process.env.EXPRESS_BENCH_BUILD ?? path.join(__dirname, '../../packages/node/build'),
);

if (process.argv[2] === '--child') child(process.argv[3]);
else parent();

function parent() {
  const variants = { untraced: 'none', context: `${BUILD}|context`, traced: BUILD };
  if (process.env.EXPRESS_BENCH_BASE) variants.base = path.resolve(process.env.EXPRESS_BENCH_BASE);
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  // Every variant's process stays up; they take turns on short batches, so that a load change on the machine hits
  // them all alike.
  const procs = Object.fromEntries(
    names.map((name) => [
      name,
      fork(__filename, ['--child', variants[name]], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    ]),
  );
  const batch = (name) =>
    new Promise((resolve) => {
      procs[name].once('message', resolve);
      procs[name].send('run');
    });
  (async () => {
    for (const name of names) await batch(name); // warm-up
    for (let round = 0; round < RUNS; round++)
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        samples[name].push(await batch(name));
      }
    for (const proc of Object.values(procs)) proc.kill();
    // The fastest quarter of batches: the other engineers' load on the 2 shared cores only ever adds time.
    const result = Object.fromEntries(
      names.map((name) => [name, +quartile(samples[name]).toFixed(2)]),
    );
    // What the express instrumentation adds over the context manager and the parent span alone.
    result.expressAdds = +(result.traced - result.context).toFixed(2);
    if (result.base !== undefined) {
      result.baseExpressAdds = +(result.base - result.context).toFixed(2);
      const ratios = samples.traced.map((t, i) => t / samples.base[i]);
      result.tracedOverBase = +median(ratios).toFixed(3);
    }
    console.log(JSON.stringify(result));
  })();
}

function child(variant) {
  const [build, only] = variant.split('|');
  const fromNode = (request) =>
    require(require.resolve(request, { paths: [path.join(__dirname, '../../packages/node')] }));
  const api = fromNode('@opentelemetry/api');
  const { RPCType, setRPCMetadata } = fromNode('@opentelemetry/core');
  let manager;
  if (build !== 'none') {
    const { BasicTracerProvider } = fromNode('@opentelemetry/sdk-trace-base');
    const { registerInstrumentations } = fromNode('@opentelemetry/instrumentation');
    const { FastBindContextManager } = require(
      path.join(build, 'src/sdk/fast-bind-context-manager'),
    );
    const { ExpressInstrumentation } = require(path.join(build, 'src/instrumentations/express'));
    const { expressDefaults } = require(path.join(build, 'src/instrumentations/express-defaults'));
    manager = new FastBindContextManager().enable();
    api.context.setGlobalContextManager(manager);
    api.trace.setGlobalTracerProvider(new BasicTracerProvider());
    if (only !== 'context')
      registerInstrumentations({ instrumentations: [new ExpressInstrumentation(expressDefaults)] });
  }
  const http = require('node:http');
  const express = require('express');
  const app = express();
  app.disable('x-powered-by');
  const items = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 3 }));
  app.get('/items/:id', (req, res) => {
    const item = items[Number(req.params.id) % items.length];
    res.end(JSON.stringify({ ...item, user: req.query.user ?? null }));
  });
  const tracer = api.trace.getTracer('bench');

  function request() {
    const req = new http.IncomingMessage(null);
    req.method = 'GET';
    req.url = '/items/42?user=alice@example.com';
    req.headers = { host: '127.0.0.1', authorization: 'Bearer abc.def.ghi' };
    // A response that only records its body: writing headers and body through ServerResponse was 3/4 of the
    // request's CPU, with a GC share that varied from batch to batch more than the instrumentation costs.
    const res = new EventEmitter();
    res.end = (body) => {
      res.body = body;
    };
    const serve = () => {
      app(req, res);
      res.emit('close');
    };
    if (manager === undefined) return serve();
    const span = tracer.startSpan('GET');
    // As otelkit's http server path leaves it: the span and the RPC metadata express writes `http.route` into.
    const ctx = setRPCMetadata(api.trace.setSpan(api.context.active(), span), {
      type: RPCType.HTTP,
      span,
    });
    manager.bind(ctx, req);
    manager.bind(ctx, res);
    api.context.with(ctx, serve);
    span.end();
  }

  process.on('message', () => {
    const before = process.cpuUsage();
    for (let i = 0; i < N; i++) request();
    const used = process.cpuUsage(before);
    process.send((used.user + used.system) / N);
  });
}
