'use strict';
// Per-request pieces of a traced HTTP server request, otelkit's vs upstream's, alternated in one process:
// - span and trace ids: upstream's RandomIdGenerator vs @otelkit/node's PooledIdGenerator;
// - the server span's attributes: instrumentation-http's getIncomingRequestAttributes vs otelkit's lean builder,
//   on the request shape of http-server.js;
// - extract from a request with no trace headers: upstream's W3C propagators vs otelkit's strict ones;
// - a whole server request through instrumentation-http's emit wrapper ('request', then the response's 'close'):
//   upstream's `_incomingRequestFunction` vs otelkit's lean server path (same attribute builder, no processors).
// Prints ns per call, medians over BENCH_RUNS rounds, and upstream/ours. Run: npx tsc -b && node test/bench/request-path.bench.js
const { RandomIdGenerator } = require('@opentelemetry/sdk-trace-base');
const { EventEmitter } = require('node:events');
const { ROOT_CONTEXT, defaultTextMapGetter } = require('@opentelemetry/api');
const { PooledIdGenerator } = require('../../packages/node/build/src/sdk/pooled-id-generator');
const {
  leanIncomingRequestAttributes,
} = require('../../packages/node/build/src/instrumentations/http/lean-incoming-attributes');
const {
  installLeanIncomingRequest,
  upstreamIncomingRequestFunction,
} = require('../../packages/node/build/src/instrumentations/http/install-lean-incoming-request');
const {
  FastBindContextManager,
} = require('../../packages/node/build/src/sdk/fast-bind-context-manager');
const {
  StrictBaggagePropagator,
} = require('../../packages/propagators/build/src/w3c/strict-baggage-propagator');
const {
  StrictTraceContextPropagator,
} = require('../../packages/propagators/build/src/w3c/strict-trace-context-propagator');

const fromNode = (request) =>
  require(require.resolve(request, { paths: [`${__dirname}/../../packages/node`] }));
const { W3CBaggagePropagator, W3CTraceContextPropagator } = fromNode('@opentelemetry/core');
const utils = fromNode('@opentelemetry/instrumentation-http/build/src/utils');
const { DEFAULT_QUERY_STRINGS_TO_REDACT } = fromNode(
  '@opentelemetry/instrumentation-http/build/src/internal-types',
);

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const N = 200000;
const { median } = require('./median');
const sink = [];

function time(call, n = N) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink[i & 255] = call();
  return Number(process.hrtime.bigint() - start) / n;
}

const request = {
  method: 'GET',
  url: '/items/42?user=alice@example.com',
  httpVersion: '1.1',
  headers: {
    host: '127.0.0.1:3000',
    connection: 'keep-alive',
    'user-agent': 'autocannon',
    authorization: 'Bearer abc.def.ghi',
  },
  socket: { remoteAddress: '127.0.0.1', remotePort: 51234 },
};
const attributeOptions = () => ({
  component: 'http',
  enableSyntheticSourceDetection: false,
  redactedQueryParams: Array.from(DEFAULT_QUERY_STRINGS_TO_REDACT),
});
const logger = { verbose() {} };
const lean = leanIncomingRequestAttributes(utils, DEFAULT_QUERY_STRINGS_TO_REDACT);
const upstreamIds = new RandomIdGenerator();
const ourIds = new PooledIdGenerator();
const upstreamPropagators = [new W3CTraceContextPropagator(), new W3CBaggagePropagator()];
const strictPropagators = [new StrictTraceContextPropagator(), new StrictBaggagePropagator()];
const extractAll = (propagators) => () => {
  let context = ROOT_CONTEXT;
  for (const propagator of propagators)
    context = propagator.extract(context, request.headers, defaultTextMapGetter);
  return context;
};

const api = fromNode('@opentelemetry/api');
api.context.setGlobalContextManager(new FastBindContextManager().enable());
api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const { HttpInstrumentation } = fromNode('@opentelemetry/instrumentation-http');
const { BasicTracerProvider } = fromNode('@opentelemetry/sdk-trace-base');
installLeanIncomingRequest(HttpInstrumentation);
const instrumentation = new HttpInstrumentation({ enabled: false });
instrumentation.setTracerProvider(new BasicTracerProvider());
const app = (_event, _req, res) => {
  res.statusCode = 200;
  return true;
};
const emits = {
  upstream: upstreamIncomingRequestFunction(HttpInstrumentation).call(instrumentation, 'http', app),
  ours: instrumentation._getPatchIncomingRequestFunction('http')(app),
};
const serverRequest = (emit) => () => {
  const req = Object.assign(new EventEmitter(), request);
  const res = new EventEmitter();
  emit.call(null, 'request', req, res);
  res.emit('close');
  return res;
};

const pairs = {
  'span id': [() => upstreamIds.generateSpanId(), () => ourIds.generateSpanId()],
  'trace id': [() => upstreamIds.generateTraceId(), () => ourIds.generateTraceId()],
  'request attributes': [
    () => utils.getIncomingRequestAttributes(request, attributeOptions(), logger),
    () => lean(request, attributeOptions(), logger),
  ],
  'extract, no headers': [extractAll(upstreamPropagators), extractAll(strictPropagators)],
  'server request': [serverRequest(emits.upstream), serverRequest(emits.ours), N / 10],
};

const results = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, [upstream, ours, n]] of Object.entries(pairs)) {
    const row = (results[name] ??= { upstream: [], ours: [] });
    if (run % 2 === 0) {
      row.upstream.push(time(upstream, n));
      row.ours.push(time(ours, n));
    } else {
      row.ours.push(time(ours, n));
      row.upstream.push(time(upstream, n));
    }
  }
}
console.log(
  `${'ns per call'.padEnd(22)}${'upstream'.padStart(10)}${'ours'.padStart(10)}  upstream/ours`,
);
for (const [name, { upstream, ours }] of Object.entries(results)) {
  const u = median(upstream);
  const o = median(ours);
  console.log(
    `${name.padEnd(22)}${u.toFixed(0).padStart(10)}${o.toFixed(0).padStart(10)}  ${(u / o).toFixed(2)}`,
  );
}
