'use strict';
// Start-up benchmark: wall time from spawn to exit and peak RSS of an app that loads its libraries and exits
// (startup-app.js), bare, under upstream's `auto-instrumentations-node/register`, and under @otelkit/node
// (--require, --import, OTEL_SDK_DISABLED=true), plus an app with 4 worker threads. Each measurement is a fresh
// process; rounds are interleaved (every variant once per round, order rotated each round) so machine load hits all
// alike; one warm-up round (file cache) is not counted. Prints medians, the cost added over bare, and ratios of the
// added cost to upstream's, with the issue-19 targets.
// Run alone: npx tsc -b && node test/bench/run.js startup   (or node test/bench/startup.js)
// STARTUP_ROUNDS (7) counted rounds; STARTUP_SETS (all) a comma-separated subset of: express, express-ioredis, workers;
// STARTUP_COMPARE=<another checkout, installed and built> adds its @otelkit/node (--require, --import, and disabled)
// as `before`. `upstream packages alone` (express set) loads only the upstream files that ours --require loads
// (startup-floor.js): what building on those packages costs before otelkit's own code runs.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('./median');

const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 7);
const APP = path.join(__dirname, 'startup-app.js');
const ROOT = path.join(__dirname, '..', '..');
const OURS_REQUIRE = path.join(ROOT, 'packages', 'node', 'build', 'src', 'register.js');
const OURS_IMPORT = path.join(ROOT, 'packages', 'node', 'register.mjs');
const FLOOR = path.join(__dirname, 'startup-floor.js');
const FLOOR_LIST = path.join(os.tmpdir(), `otelkit-startup-floor-${process.pid}.json`);
const UPSTREAM = require.resolve('@opentelemetry/auto-instrumentations-node/register', {
  paths: [__dirname],
});
// Upstream configured like ours: traces only (its NodeSDK also starts metric and log pipelines, whose final export
// to a collector that is not there retries for 10 s at exit), and the resource detectors ours runs by default
// off-cloud (upstream's default also runs the cloud ones, which probe metadata servers).
const UPSTREAM_ENV = {
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,container',
};

/** Variants: node arguments and env over a scrubbed environment. */
const VARIANTS = {
  bare: { args: [] },
  upstream: {
    args: ['--require', UPSTREAM],
    env: UPSTREAM_ENV,
  },
  'ours --require': { args: ['--require', OURS_REQUIRE] },
  'ours --import': { args: ['--import', OURS_IMPORT] },
  'ours disabled': { args: ['--require', OURS_REQUIRE], env: { OTEL_SDK_DISABLED: 'true' } },
  'upstream packages alone': {
    args: ['--require', FLOOR],
    env: { STARTUP_FLOOR_MODULES: FLOOR_LIST },
  },
};

// Where the ESM hook runs in-thread (module.registerHooks), the loader thread it replaced, side by side.
if (typeof require('node:module').registerHooks === 'function')
  VARIANTS['ours --import, loader thread'] = {
    args: ['--import', OURS_IMPORT],
    env: { OTELKIT_ESM_HOOK: 'thread' },
  };

const COMPARE = process.env.STARTUP_COMPARE;
if (COMPARE) {
  const register = path.join(
    path.resolve(COMPARE),
    'packages',
    'node',
    'build',
    'src',
    'register.js',
  );
  VARIANTS['before --require'] = { args: ['--require', register] };
  VARIANTS['before --import'] = {
    args: ['--import', path.join(path.resolve(COMPARE), 'packages', 'node', 'register.mjs')],
  };
  VARIANTS['before disabled'] = {
    args: ['--require', register],
    env: { OTEL_SDK_DISABLED: 'true' },
  };
}
const compared = (...names) => (COMPARE ? names : []);

/** Sets: which app, and which variants run it. */
const SETS = {
  express: { env: { STARTUP_LIBS: 'express' }, variants: Object.keys(VARIANTS) },
  'express-ioredis': {
    env: { STARTUP_LIBS: 'express,ioredis' },
    variants: ['bare', 'upstream', 'ours --require', 'ours --import'],
  },
  workers: {
    env: { STARTUP_LIBS: 'express', STARTUP_WORKERS: '4' },
    variants: ['bare', 'ours --require', 'ours --import', ...compared('before --require')],
  },
};

function scrubbedEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(OTEL|OTELKIT)_/.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  // One service name for all: neither looks the app's package.json up differently from the other.
  return { ...env, OTEL_SERVICE_NAME: 'startup-bench' };
}

/** One fresh process: wall ms to exit, peak RSS MB, CPU ms, OpenTelemetry modules loaded (main, workers). */
function measure(set, variant, extraEnv = {}) {
  const { args, env } = VARIANTS[variant];
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...args, APP], {
    env: { ...scrubbedEnv(), ...SETS[set].env, ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const last = child.stdout.trim().split('\n').pop();
  if (child.status !== 0 || !last?.startsWith('{'))
    throw new Error(`${set} / ${variant}: exit ${child.status}\n${child.stderr}`);
  const out = JSON.parse(last);
  return {
    wallMs,
    rssMB: out.maxRssKB / 1024,
    cpuMs: out.cpuMs,
    workerMs: out.workerMs,
    otel: out.otel,
    workerOtel: Math.max(0, ...out.workerOtel),
  };
}

/**
 * Writes FLOOR_LIST: the files in the express app's module cache under ours --require and not bare, minus otelkit's
 * own (packages/), in load order.
 */
function recordFloorModules() {
  const cacheOf = (variant) => {
    measure('express', variant, { STARTUP_MODULES_OUT: FLOOR_LIST });
    return JSON.parse(fs.readFileSync(FLOOR_LIST, 'utf8'));
  };
  const bare = new Set(cacheOf('bare'));
  const own = path.join(ROOT, 'packages') + path.sep;
  const floor = cacheOf('ours --require').filter((f) => !bare.has(f) && !f.startsWith(own));
  fs.writeFileSync(FLOOR_LIST, JSON.stringify(floor));
}

/**
 * Every set's variants once per round, back to back, their order rotated each round. The cost added over bare is
 * taken within a round (variant − bare of the same round) and its median over rounds reported, as is the per-round
 * ratio to upstream's: on a shared machine the load moves between rounds far more than between neighbouring runs.
 */
function runStartup(rounds = ROUNDS, sets = selectedSets()) {
  if (sets.includes('express')) recordFloorModules();
  try {
    return measureRounds(rounds, sets);
  } finally {
    fs.rmSync(FLOOR_LIST, { force: true });
  }
}

function measureRounds(rounds, sets) {
  const byRound = [];
  for (let r = -1; r < rounds; r++) {
    const round = {};
    for (const set of sets) {
      const variants = SETS[set].variants;
      const shift = (r + 1) % variants.length;
      round[set] = {};
      for (const variant of [...variants.slice(shift), ...variants.slice(0, shift)])
        round[set][variant] = measure(set, variant);
    }
    if (r >= 0) {
      byRound.push(round);
      console.error(`startup: round ${r + 1} of ${rounds} done`);
    }
  }
  const result = {};
  for (const set of sets) {
    result[set] = {};
    for (const variant of SETS[set].variants) {
      const runs = byRound.map((round) => round[set][variant]);
      const of = (key) => median(runs.map((s) => s[key]));
      const added = (key, v = variant) =>
        byRound.map((round) => round[set][v][key] - round[set].bare[key]);
      const vsUpstream = (key) => {
        if (!SETS[set].variants.includes('upstream')) return undefined;
        const ours = added(key);
        const up = added(key, 'upstream');
        return median(ours.map((a, i) => a / up[i]));
      };
      result[set][variant] = {
        wallMs: of('wallMs'),
        rssMB: of('rssMB'),
        cpuMs: of('cpuMs'),
        workerMs: of('workerMs'),
        otel: of('otel'),
        workerOtel: of('workerOtel'),
        addedWallMs: median(added('wallMs')),
        addedRssMB: median(added('rssMB')),
        addedCpuMs: median(added('cpuMs')),
        wallVsUpstream: vsUpstream('wallMs'),
        rssVsUpstream: vsUpstream('rssMB'),
        cpuVsUpstream: vsUpstream('cpuMs'),
        workerVsBare: median(
          byRound.map((round) => round[set][variant].workerMs / round[set].bare.workerMs),
        ),
        walls: runs.map((s) => Math.round(s.wallMs)),
        workerWalls: runs.map((s) => Math.round(s.workerMs)),
      };
    }
  }
  return { rounds, result, load: os.loadavg() };
}

function selectedSets() {
  const names = process.env.STARTUP_SETS ? process.env.STARTUP_SETS.split(',') : Object.keys(SETS);
  for (const name of names) if (!SETS[name]) throw new Error(`unknown STARTUP_SETS entry ${name}`);
  return names;
}

/** Markdown table: one row per set and variant; the added cost and its ratio to upstream's; then the targets. */
function startupTable({ rounds, result }) {
  const header = [
    'app',
    'variant',
    'wall to exit, ms',
    'added wall, ms',
    'added wall / upstream’s',
    'peak RSS, MB',
    'added RSS, MB',
    'added RSS / upstream’s',
    'CPU, ms',
    'added CPU / upstream’s',
    'OTel modules (main / worker)',
  ];
  const rows = [];
  const fixed = (v, digits = 0) => (v === undefined ? '' : v.toFixed(digits));
  for (const [set, variants] of Object.entries(result)) {
    for (const [variant, m] of Object.entries(variants)) {
      const isBase = variant === 'bare';
      const ratio = (v) => (isBase || variant === 'upstream' ? '' : fixed(v, 2));
      rows.push([
        set,
        variant,
        fixed(m.wallMs),
        isBase ? '' : fixed(m.addedWallMs),
        ratio(m.wallVsUpstream),
        fixed(m.rssMB),
        isBase ? '' : fixed(m.addedRssMB),
        ratio(m.rssVsUpstream),
        fixed(m.cpuMs),
        ratio(m.cpuVsUpstream),
        set === 'workers' ? `${m.otel} / ${m.workerOtel}` : String(m.otel),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [
    line(header),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...rows.map(line),
    '',
    `Medians of ${rounds} interleaved rounds (added: per-round difference to bare; ratios: per-round). Wall per run, ms:`,
    ...Object.entries(result).flatMap(([set, variants]) =>
      Object.entries(variants).map(
        ([v, m]) =>
          `- ${set} / ${v}: ${m.walls.join(', ')}` +
          (set === 'workers' ? ` (slowest worker, ms: ${m.workerWalls.join(', ')})` : ''),
      ),
    ),
    '',
    ...targets(result),
  ].join('\n');
}

/** Issue 19's acceptance, from the express set (and the workers set). */
function targets(result) {
  const lines = [];
  const check = (label, value, limit, ok) =>
    lines.push(`${ok ? 'met   ' : 'MISSED'} ${label}: ${value} (target ${limit})`);
  const e = result.express ?? {};
  const req = e['ours --require'];
  if (req?.wallVsUpstream !== undefined) {
    check(
      '--require added wall / upstream’s',
      req.wallVsUpstream.toFixed(2),
      '≤ 0.25',
      req.wallVsUpstream <= 0.25,
    );
    check(
      '--require added RSS / upstream’s',
      req.rssVsUpstream.toFixed(2),
      '≤ 0.5',
      req.rssVsUpstream <= 0.5,
    );
  }
  const imp = e['ours --import'];
  if (imp?.wallVsUpstream !== undefined)
    check(
      '--import added wall / upstream’s --require',
      imp.wallVsUpstream.toFixed(2),
      '≤ 0.33',
      imp.wallVsUpstream <= 1 / 3,
    );
  const floor = e['upstream packages alone'];
  if (floor?.wallVsUpstream !== undefined)
    lines.push(
      `info   upstream packages ours --require loads, alone (no otelkit code): ${floor.wallVsUpstream.toFixed(2)} ` +
        `of upstream's added wall, ${floor.addedWallMs.toFixed(0)} ms`,
    );
  const off = e['ours disabled'];
  if (off)
    check('disabled added wall, ms', off.addedWallMs.toFixed(0), '≤ 40', off.addedWallMs <= 40);
  const w = result.workers?.['ours --require'];
  if (w) {
    // A worker's own time, creation to exit (the slowest of the 4), measured inside the app; per-round ratio.
    check(
      'worker thread under --require: its time / without otelkit',
      w.workerVsBare.toFixed(2),
      '0.90–1.10',
      w.workerVsBare >= 0.9 && w.workerVsBare <= 1.1,
    );
  }
  return lines;
}

function main() {
  console.error(
    `startup: node ${process.version}, ${os.cpus().length}× ${os.cpus()[0].model}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(startupTable(runStartup()));
  return Promise.resolve();
}

module.exports = { runStartup, startupTable, main };

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
