'use strict';
// The HTTP scenario with the three servers (no tracing, upstream's register, @otelkit/node) under load
// at the same time, each from its own autocannon. On a shared VM the machine's speed drifts by ±25 %
// between one 8 s window and the next, more than the difference being measured; side by side, every
// variant gets the same moments and the same share of the 2 cores, so per round the ratio of their
// requests/s is the ratio of their cost per request. Prints medians and the median of the per-round
// ratios. Run: npx tsc -b && node test/bench/http-side-by-side.js   (HTTP_ROUNDS, HTTP_SECONDS, HTTP_WARMUP)
const bench = require('./http-bench');

const names = Object.keys(bench.VARIANTS);

async function oneRound(sink) {
  const servers = [];
  try {
    // One at a time: startup (instrumentation loading, the ESM hook worker) is not what is measured.
    for (const name of names) servers.push(await bench.startServer(name, sink));
    await Promise.all(servers.map(({ url }) => bench.load(url, bench.WARMUP)));
    const before = await Promise.all(servers.map(({ child }) => bench.cpuOf(child)));
    const results = await Promise.all(servers.map(({ url }) => bench.load(url, bench.SECONDS)));
    const after = await Promise.all(servers.map(({ child }) => bench.cpuOf(child)));
    return Object.fromEntries(
      names.map((name, i) => [
        name,
        {
          rps: results[i].requests.average,
          p99: results[i].latency.p99,
          errors: results[i].errors + results[i].non2xx,
          cpuMicrosPerRequest: (after[i] - before[i]) / results[i].requests.total,
        },
      ]),
    );
  } finally {
    await Promise.all(servers.map(({ child }) => bench.stopServer(child)));
  }
}

/** Medians per variant, and `ratio`: the median over rounds of otelkit's requests/s over upstream's. */
async function runHttpSideBySide(sink, rounds = bench.ROUNDS) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const round = await oneRound(sink);
    console.error(`http side by side, round ${r + 1}: ${JSON.stringify(round)}`);
    samples.push(round);
  }
  const result = {};
  for (const name of names)
    result[name] = Object.fromEntries(
      Object.keys(samples[0][name]).map((k) => [k, bench.median(samples.map((s) => s[name][k]))]),
    );
  result.ratio = bench.median(samples.map((s) => s.otelkit.rps / s.upstream.rps));
  result.otelkitAhead = samples.filter((s) => s.otelkit.rps >= s.upstream.rps).length;
  result.rounds = rounds;
  return result;
}

module.exports = { runHttpSideBySide };

if (require.main === module) bench.runWithSink(runHttpSideBySide);
