'use strict';
/* global fetch */
// An HTTP server under autocannon load: no tracing vs upstream's
// `--require @opentelemetry/auto-instrumentations-node/register` vs `--require @otelkit/node/register`
// (defaults: masking on, default sampling), both exporting to the same loopback sink. Variants
// interleaved, one fresh server per measurement; prints median requests/s and p99 latency.
// Run: npx tsc -b && node test/bench/http-bench.js   (HTTP_ROUNDS=7, HTTP_SECONDS=8, HTTP_WARMUP=2;
// HTTP_CPU_PROF=<dir> writes a --cpu-prof of each traced server into <dir>)
const { fork } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const ROUNDS = Number(process.env.HTTP_ROUNDS ?? 7);
const SECONDS = Number(process.env.HTTP_SECONDS ?? 8);
const WARMUP = Number(process.env.HTTP_WARMUP ?? 2);
const CPU_PROF = process.env.HTTP_CPU_PROF;

const VARIANTS = {
  none: [],
  upstream: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
  otelkit: ['--require', '@otelkit/node/register'],
};
const { median } = require('./median');

function sinkCall(sink, route) {
  return fetch(sink + route, { method: 'POST' }).then((r) => r.json());
}

function startServer(variant, sink) {
  const execArgv = [...VARIANTS[variant]];
  if (CPU_PROF && variant !== 'none') execArgv.push('--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`);
  const child = fork(path.join(__dirname, 'http-server.js'), [], {
    cwd: __dirname,
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: 'bench-http',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_LOG_LEVEL: 'error',
    },
  });
  return new Promise((resolve, reject) => {
    child.once('message', ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}` }));
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
}

const load = (url, seconds) =>
  autocannon({
    url: `${url}/items/42?user=alice@example.com`,
    connections: 10,
    duration: seconds,
    headers: { authorization: 'Bearer abc.def.ghi' },
  });

/** The server's CPU time so far (user + system, all its threads), in microseconds. */
function cpuOf(child) {
  return new Promise((resolve) => {
    child.once('message', ({ cpu }) => resolve(cpu.user + cpu.system));
    child.send('cpu');
  });
}

async function measure(variant, sink) {
  const { child, url } = await startServer(variant, sink);
  try {
    await load(url, WARMUP);
    await sinkCall(sink, '/reset');
    const cpuBefore = await cpuOf(child);
    const result = await load(url, SECONDS);
    const cpuMicros = (await cpuOf(child)) - cpuBefore;
    // Spans still queued leave on the processors' timers (5 s in both): count what arrived soon after.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const stats = await sinkCall(sink, '/stats');
    return {
      rps: result.requests.average,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.non2xx,
      spans: stats.spans,
      // Steadier than requests/s, which also depends on how the 2 cores are shared with autocannon.
      cpuMicrosPerRequest: cpuMicros / result.requests.total,
    };
  } finally {
    await stopServer(child);
  }
}

function stopServer(child) {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  return exited;
}

/**
 * Runs every variant `rounds` times, interleaved, the order rotated each round so that none always
 * runs first or right after another; medians per variant.
 */
async function runHttpBench(sink, rounds = ROUNDS) {
  const names = Object.keys(VARIANTS);
  const samples = Object.fromEntries(names.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++)
    for (let n = 0; n < names.length; n++) {
      const variant = names[(r + n) % names.length];
      const s = await measure(variant, sink);
      console.error(`http round ${r + 1} ${variant}: ${JSON.stringify(s)}`);
      samples[variant].push(s);
    }
  const result = {};
  for (const [variant, list] of Object.entries(samples))
    result[variant] = Object.fromEntries(
      Object.keys(list[0]).map((k) => [k, median(list.map((s) => s[k]))]),
    );
  return result;
}

module.exports = {
  runHttpBench,
  runWithSink,
  VARIANTS,
  WARMUP,
  SECONDS,
  ROUNDS,
  median,
  startServer,
  load,
  cpuOf,
  stopServer,
};

/** Runs `bench(sink)` against a fresh loopback sink and prints its result as JSON. */
function runWithSink(bench) {
  const sinkProcess = fork(path.join(__dirname, 'export-sink.js'));
  sinkProcess.once('message', ({ port }) => {
    bench(`http://127.0.0.1:${port}`)
      .then((result) => console.log(JSON.stringify(result, null, 2)))
      .catch((error) => {
        console.error(error);
        process.exitCode = 1;
      })
      .finally(() => sinkProcess.kill());
  });
}

if (require.main === module) runWithSink(runHttpBench);
