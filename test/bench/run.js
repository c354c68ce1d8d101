'use strict';
// Export-path benchmark: upstream (BatchSpanProcessor + OTLPTraceExporter http/protobuf) and otelkit
// (@otelkit/export) measured in the same run, each measurement in a fresh process, upstream and ours
// interleaved so machine load hits both alike. Prints medians and ratios.
// Run: npx tsc -b && node test/bench/run.js      (BENCH_REPS=5 for more repetitions; BENCH_QUICK=1 skips the 1M-span runs;
// the HTTP server scenario is http-bench.js, then http-side-by-side.js; HTTP_ROUNDS/HTTP_SECONDS tune both;
// the 200k-span burst with defaults is burst.js, also run alone by `node test/bench/run.js burst`, BURST_RUNS tunes it;
// start-up is startup.js, alone by `node test/bench/run.js startup`, STARTUP_ROUNDS tunes it)
const { execFileSync, fork } = require('node:child_process');
const { runHttpBench } = require('./http-bench');
const { runHttpSideBySide } = require('./http-side-by-side');
const burst = require('./burst');
const startup = require('./startup');
const os = require('node:os');
const path = require('node:path');

const REPS = Number(process.env.BENCH_REPS ?? 3);
const QUICK = process.env.BENCH_QUICK === '1';
const worker = path.join(__dirname, 'export-worker.js');
const { median } = require('./median');

function measure(scenario, impl, sink) {
  const out = execFileSync(process.execPath, [worker, scenario, impl, sink], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

/** Median of each numeric field over `reps` runs per impl, impls interleaved; `runs` keeps every run. */
function run(scenario, impls, sink, reps) {
  const samples = Object.fromEntries(impls.map((i) => [i, []]));
  for (let r = 0; r < reps; r++)
    for (const impl of impls) samples[impl].push(measure(scenario, impl, sink));
  const result = { runs: samples };
  for (const impl of impls) {
    result[impl] = {};
    for (const key of Object.keys(samples[impl][0])) {
      const values = samples[impl].map((s) => s[key]).filter((v) => typeof v === 'number');
      result[impl][key] = values.length ? median(values) : samples[impl][0][key];
    }
  }
  return result;
}

const fmt = (v, digits = 0) => (v === undefined || v === null ? '—' : Number(v).toFixed(digits));

async function main() {
  const sinkProcess = fork(path.join(__dirname, 'export-sink.js'));
  const { port } = await new Promise((resolve) => sinkProcess.once('message', resolve));
  const sink = `http://127.0.0.1:${port}`;
  const rows = [];
  const spreads = [];
  let burstResult;
  const row = (name, up, ours, digits, better) =>
    rows.push([
      name,
      fmt(up, digits),
      fmt(ours, digits),
      up && ours ? (ours / up).toFixed(2) : '—',
      better,
    ]);
  try {
    console.error(
      `node ${process.version}, ${os.cpus().length}× ${os.cpus()[0].model}, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const hotRuns = run('hotpath', ['all'], sink, REPS + 2);
    const hot = hotRuns.all;
    const base = hot.none;
    row('span alone (start+5 attrs+end), ns CPU/span', base, base, 0, '');
    row(
      'processor hot path overhead, ns/span',
      hot.upstream - base,
      hot.otelkit - base,
      0,
      'lower',
    );
    spreads.push(
      'hot-path overhead otelkit/upstream: ' +
        hotRuns.runs.all
          .map((r) => ((r.otelkit - r.none) / (r.upstream - r.none)).toFixed(2))
          .join(', '),
    );
    const onend = run('onend', ['all'], sink, REPS).all;
    row(
      'processor.onEnd alone (pre-made spans), median ns/call',
      onend.upstreamNs,
      onend.otelkitNs,
      1,
      'lower',
    );
    const ser = run('serialize', ['upstream', 'otelkit'], sink, REPS);
    row(
      'protobuf serializer alone, ns/span',
      ser.upstream.protoNs,
      ser.otelkit.protoNs,
      0,
      'lower',
    );
    row('JSON serializer alone, ns/span', ser.upstream.jsonNs, ser.otelkit.jsonNs, 0, 'lower');
    const exp = run('export', ['upstream', 'otelkit'], sink, REPS);
    row(
      'export scenario: span alone (paired rounds, no processor), ns CPU/span',
      exp.upstream.aloneNsPerSpan,
      exp.otelkit.aloneNsPerSpan,
      0,
      '',
    );
    row(
      'export scenario: total CPU/span',
      exp.upstream.nsPerSpan,
      exp.otelkit.nsPerSpan,
      0,
      'lower',
    );
    row(
      'export CPU/span (total − span alone, same process), ns',
      exp.upstream.exportNsPerSpan,
      exp.otelkit.exportNsPerSpan,
      0,
      'lower',
    );
    row('bytes/span on the wire', exp.upstream.bytesPerSpan, exp.otelkit.bytesPerSpan, 1, 'lower');
    // The machine's own lateness moves a lot from one run to the next: two more runs than the rest.
    const steady = run('steady', ['none', 'upstream', 'otelkit'], sink, REPS + 2);
    row(
      'event-loop lateness p99 at 50k spans/s with NO tracing (machine floor), ms',
      steady.none.p99Ms,
      steady.none.p99Ms,
      2,
      '',
    );
    row(
      'event-loop lateness p99, first second (warm-up, not in the steady figures), ms',
      steady.upstream.firstSecondP99Ms,
      steady.otelkit.firstSecondP99Ms,
      2,
      'lower',
    );
    row(
      '  same, first second with NO tracing, ms',
      steady.none.firstSecondP99Ms,
      steady.none.firstSecondP99Ms,
      2,
      '',
    );
    row(
      'event-loop lateness p99 at 50k spans/s (steady, 4 s after the warm-up), ms',
      steady.upstream.p99Ms,
      steady.otelkit.p99Ms,
      2,
      'lower',
    );
    row(
      'event-loop delay p99 as sampled (1 ms interval included), ms',
      steady.upstream.rawP99Ms,
      steady.otelkit.rawP99Ms,
      2,
      'lower',
    );
    row(
      'steady scenario: spans/s achieved',
      steady.upstream.rate,
      steady.otelkit.rate,
      0,
      'higher',
    );
    row(
      'spans received at 50k spans/s (of 250000, warm-up included)',
      steady.upstream.received,
      steady.otelkit.received,
      0,
      'higher',
    );
    spreads.push(
      'event-loop lateness p99 at 50k spans/s, ms (none / upstream / otelkit): ' +
        steady.runs.none
          .map((none, i) =>
            [none, steady.runs.upstream[i], steady.runs.otelkit[i]]
              .map((r) => r.p99Ms.toFixed(2))
              .join(' / '),
          )
          .join('; '),
    );
    if (!QUICK) {
      const burst = run('burst', ['upstream', 'otelkit'], sink, 1);
      row(
        '1M-span burst: generation rate, spans/s',
        burst.upstream.rate,
        burst.otelkit.rate,
        0,
        'higher',
      );
      row(
        '1M-span burst: spans lost (defaults)',
        burst.upstream.lost,
        burst.otelkit.lost,
        0,
        'lower',
      );
      row(
        '1M-span burst: drops counted by the processor',
        burst.upstream.counted,
        burst.otelkit.counted,
        0,
        '',
      );
      row(
        '1M-span burst: peak RSS, MB',
        burst.upstream.maxRssMB,
        burst.otelkit.maxRssMB,
        0,
        'lower',
      );
      const down = run('down', ['none', 'upstream', 'otelkit'], sink, REPS);
      row(
        'collector 503 for 1M spans: RSS growth with NO tracing (floor), MB',
        down.none.rssGrowthMB,
        down.none.rssGrowthMB,
        1,
        '',
      );
      row(
        'collector 503 for 1M spans: RSS growth, MB',
        down.upstream.rssGrowthMB,
        down.otelkit.rssGrowthMB,
        1,
        'lower',
      );
      row(
        'collector 503: RSS growth above the floor, MB (otelkit byte limit: 8)',
        down.upstream.rssGrowthMB - down.none.rssGrowthMB,
        down.otelkit.rssGrowthMB - down.none.rssGrowthMB,
        1,
        'lower',
      );
      row(
        'collector 503: memory the pipeline holds (live after a full GC), MB',
        down.upstream.retainedMB,
        down.otelkit.retainedMB,
        1,
        'lower',
      );
      row(
        'collector 503 for 1M spans: CPU/span, ns',
        down.upstream.nsPerSpan,
        down.otelkit.nsPerSpan,
        0,
        'lower',
      );
      row('collector 503: drops counted', down.upstream.counted, down.otelkit.counted, 0, '');
      row(
        'collector back: spans delivered in 2 s (backlog first, then of 10000 new)',
        down.upstream.resumedSpans,
        down.otelkit.resumedSpans,
        0,
        'higher',
      );
    }
    if (!QUICK) {
      // Its own sink (it counts OTLP/JSON too, for otelkit's batch path) and a table of its own below.
      const burstSink = fork(path.join(__dirname, 'burst-sink.js'));
      try {
        const { port: burstPort } = await new Promise((resolve) =>
          burstSink.once('message', resolve),
        );
        burstResult = await burst.runBurst(`http://127.0.0.1:${burstPort}`);
      } finally {
        burstSink.kill();
      }
      // BURST_VARIANTS may leave either out: its cells then read —.
      const up = burstResult.summary.upstream ?? {};
      const ours = burstResult.summary.otelkit ?? {};
      const runsOf = `of ${burstResult.runs}`;
      row(
        '200k-span burst, 100 per turn: delivered %, median',
        up.deliveredPct,
        ours.deliveredPct,
        2,
        'higher',
      );
      row(
        `200k-span burst: runs delivering ≥ 99.9% (${runsOf})`,
        up.runsAtTarget,
        ours.runsAtTarget,
        0,
        'higher',
      );
      row(
        '200k-span burst: drops counted by the processor, median',
        up.dropped,
        ours.dropped,
        0,
        'lower',
      );
      row(
        '200k-span burst: wall time to shutdown done, s',
        up.wallMs && up.wallMs / 1000,
        ours.wallMs && ours.wallMs / 1000,
        2,
        'lower',
      );
      // Not like for like: start() also loads its instrumentations (+15 MB before the first span).
      row('200k-span burst: peak RSS, MB', up.peakRssMB, ours.peakRssMB, 0, 'lower');
      row(
        '200k-span burst: RSS growth during it, MB',
        up.rssGrowthMB,
        ours.rssGrowthMB,
        0,
        'lower',
      );
    }
    const web = await runHttpBench(sink);
    row('HTTP server, NO tracing: requests/s', web.none.rps, web.none.rps, 0, '');
    row('HTTP server, NO tracing: p99 latency, ms', web.none.p99, web.none.p99, 0, '');
    row(
      'HTTP server traced (register): requests/s',
      web.upstream.rps,
      web.otelkit.rps,
      0,
      'higher',
    );
    row(
      'HTTP server traced (register): p99 latency, ms',
      web.upstream.p99,
      web.otelkit.p99,
      0,
      'lower',
    );
    row(
      'HTTP server, NO tracing: server CPU per request, µs',
      web.none.cpuMicrosPerRequest,
      web.none.cpuMicrosPerRequest,
      0,
      '',
    );
    row(
      'HTTP server traced (register): server CPU per request, µs',
      web.upstream.cpuMicrosPerRequest,
      web.otelkit.cpuMicrosPerRequest,
      0,
      'lower',
    );
    const side = await runHttpSideBySide(sink);
    row('HTTP side by side, NO tracing: requests/s', side.none.rps, side.none.rps, 0, '');
    row('HTTP side by side, traced: requests/s', side.upstream.rps, side.otelkit.rps, 0, 'higher');
    row('HTTP side by side: median of per-round otelkit/upstream', 1, side.ratio, 2, 'higher');
    row(
      `HTTP side by side: rounds otelkit served more (of ${side.rounds})`,
      side.rounds - side.otelkitAhead,
      side.otelkitAhead,
      0,
      'higher',
    );
    row(
      'HTTP server traced: spans received per request',
      web.upstream.spans / web.upstream.requests,
      web.otelkit.spans / web.otelkit.requests,
      2,
      '',
    );
  } finally {
    sinkProcess.kill();
  }
  const header = ['measure', 'upstream', 'otelkit', 'otelkit/upstream', 'better'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  // The two measures closest to the machine's noise, run by run, so the medians above can be judged.
  console.log('\nPer run (in order):');
  console.log(`- ${spreads.join('\n- ')}`);
  if (burstResult)
    console.log(`\n200k-span burst, every variant (medians):\n${burst.burstTable(burstResult)}`);
  // Start-up (startup.js; STARTUP_ROUNDS, STARTUP_SETS tune it): fresh processes of their own, no sink.
  console.log(`\nStart-up, added over bare:\n${startup.startupTable(startup.runStartup())}`);
}

// `node run.js burst`, `node run.js startup`: that scenario alone.
(({ burst: burst.main, startup: startup.main })[process.argv[2]] ?? main)().catch((error) => {
  console.error(error);
  process.exit(1);
});
