'use strict';
// What the http instrumentation does to every request's IncomingMessage and ServerResponse: bind the
// emitter to the request's context, then the app and the instrumentations add listeners (some once, some
// removed again) and the events fire. Upstream's AsyncLocalStorageContextManager vs @otelkit/node's
// FastBindContextManager, alternated in one process; medians over RUNS rounds, ns per request (2 emitters).
// Run: npx tsc -b && node test/bench/context-bind-emitter.bench.js
const { EventEmitter } = require('node:events');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { ROOT_CONTEXT, createContextKey } = require('@opentelemetry/api');
const {
  FastBindContextManager,
} = require('../../packages/node/build/src/sdk/fast-bind-context-manager');

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const N = 50000;
const key = createContextKey('bench');
const context = ROOT_CONTEXT.setValue(key, 1);
const { median } = require('./median');
const sink = { value: 0 };

function oneRequest(manager) {
  const req = manager.bind(context, new EventEmitter());
  const res = manager.bind(context, new EventEmitter());
  const seen = () => (sink.value += manager.active().getValue(key));
  const onClose = () => seen();
  res.on('close', onClose);
  res.on('error', seen);
  res.once('finish', seen);
  req.on('data', seen);
  req.once('end', seen);
  res.removeListener('close', onClose);
  res.on('close', seen);
  req.emit('data');
  req.emit('end');
  res.emit('finish');
  res.emit('close');
}

function measure(manager) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) oneRequest(manager);
  return Number(process.hrtime.bigint() - start) / N;
}

const managers = {
  upstream: new AsyncLocalStorageContextManager().enable(),
  otelkit: new FastBindContextManager().enable(),
};
const samples = { upstream: [], otelkit: [] };
for (let run = 0; run < RUNS; run++) {
  const order = run % 2 === 0 ? ['upstream', 'otelkit'] : ['otelkit', 'upstream'];
  for (const name of order) samples[name].push(measure(managers[name]));
}
const [up, ours] = ['upstream', 'otelkit'].map((n) => median(samples[n]));
console.log(
  `bind 2 emitters + 7 listeners + 4 emits, ns per request: upstream ${up.toFixed(0)}, otelkit ${ours.toFixed(0)}, otelkit/upstream ${(ours / up).toFixed(2)}`,
);
