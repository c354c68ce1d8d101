'use strict';
// Binding a callback to a context and calling it, as instrumentations do several times per request
// (express binds each `next`, http each listener of the request and response): upstream's
// AsyncLocalStorageContextManager vs @otelkit/node's FastBindContextManager, alternated in one process.
// Prints medians over RUNS rounds and ours/upstream. Run: npx tsc -b && node test/bench/context-bind.bench.js
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { ROOT_CONTEXT, createContextKey } = require('@opentelemetry/api');
const {
  FastBindContextManager,
} = require('../../packages/node/build/src/sdk/fast-bind-context-manager');

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const N = 200000;
const key = createContextKey('bench');
const context = ROOT_CONTEXT.setValue(key, 1);
const { median } = require('./median');
const sink = { value: 0 };

function time(loop) {
  const start = process.hrtime.bigint();
  loop();
  return Number(process.hrtime.bigint() - start) / N;
}

function measure(manager) {
  const next = (req, res, done) => {
    sink.value += manager.active().getValue(key) + (done === undefined ? 0 : 1);
  };
  const bound = manager.bind(context, next);
  return {
    bindAndCall: time(() => {
      for (let i = 0; i < N; i++) manager.bind(context, next)(i, i, undefined);
    }),
    call: time(() => {
      for (let i = 0; i < N; i++) bound(i, i, undefined);
    }),
    // context.with as express runs a layer's handle: a this and three arguments.
    withThisAnd3: time(() => {
      for (let i = 0; i < N; i++) manager.with(context, next, sink, i, i, undefined);
    }),
  };
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
for (const measureName of ['bindAndCall', 'call', 'withThisAnd3']) {
  const [up, ours] = ['upstream', 'otelkit'].map((n) =>
    median(samples[n].map((s) => s[measureName])),
  );
  console.log(
    `${measureName.padEnd(12)} upstream ${up.toFixed(0).padStart(5)} ns  otelkit ${ours.toFixed(0).padStart(5)} ns  otelkit/upstream ${(ours / up).toFixed(2)}`,
  );
}
