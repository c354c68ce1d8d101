'use strict';
// Masking cost per span and worst-case blocking on hostile values.
// Run: npx tsc -b && node test/bench/masking.bench.js   (prints medians over RUNS runs)
const { loadavg } = require('node:os');
const { PerformanceObserver, performance } = require('node:perf_hooks');
const { MaskingSpanProcessor } = require('@otelkit/masking');
const { cleanAttributes, dirtyAttributes, makeSpan, spanWith } = require('./masking-spans');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SPANS = Number(process.env.BENCH_SPANS ?? 20000);
const MB = 1024 * 1024;

const { median } = require('./median');

function charSum(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The floor any scanner has to pay: read every character of the name and of each string attribute once. Timed on
 * the same spans in the same run, so the masking/baseline ratio stays meaningful on a loaded machine.
 */
const sink = { value: 0 };
function baseline(span) {
  let h = charSum(span.name);
  const attributes = span.attributes;
  for (const key in attributes) {
    const value = attributes[key];
    if (typeof value === 'string') h ^= charSum(value);
  }
  sink.value ^= h;
}

const elapsed = (start) => Number(process.hrtime.bigint() - start) / SPANS;

/** ns per onEnding over fresh spans (masking edits spans, so each run gets new ones), and the baseline on them. */
function perSpan(processor, attributesFactory) {
  const samples = [];
  const floor = [];
  for (let run = 0; run < RUNS; run++) {
    const spans = Array.from({ length: SPANS }, () => makeSpan(attributesFactory()));
    let start = process.hrtime.bigint();
    for (const span of spans) baseline(span);
    floor.push(elapsed(start));
    start = process.hrtime.bigint();
    for (const span of spans) processor.onEnding(span);
    samples.push(elapsed(start));
  }
  return { samples, floor };
}

/** Minor GCs while masking the same clean span a million times: 0 means the clean path allocates nothing. */
function scavengesOnCleanPath(processor) {
  const span = makeSpan(cleanAttributes());
  for (let i = 0; i < 10000; i++) processor.onEnding(span);
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.detail?.kind === 1) minor++;
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < 1_000_000; i++) processor.onEnding(span);
  return new Promise((resolve) =>
    setImmediate(() => {
      observer.disconnect();
      resolve(minor);
    }),
  );
}

const HOSTILE = {
  '1 MB of text, secrets at the end': () =>
    'lorem ipsum dolor '.repeat(MB / 18) + ' password=hunter2 a@b.io',
  '1 MB of local-part chars then @': () => 'a'.repeat(MB) + '@',
  '1 MB of "1 " (card regex)': () => '1 '.repeat(MB / 2),
  '1 MB of digits': () => '4'.repeat(MB),
  '1 MB of "eyJ" (JWT regex)': () => 'eyJ'.repeat(MB / 3),
  '1 MB of "Bearer " ': () => 'Bearer '.repeat(MB / 7),
  'PEM BEGIN without END + 1 MB': () => '-----BEGIN RSA PRIVATE KEY-----\n' + 'A'.repeat(MB),
  '1 MB of "?token=" ': () => '?token='.repeat(MB / 7),
  '1 MB of "x_password: "': () => 'x_password: '.repeat(MB / 12),
  '1 MB of "a://" and "@"': () => 'a://'.repeat(MB / 8) + '@'.repeat(MB / 8),
  '1 MB of "1.1.1." (ip, strict)': () => '1.1.1.'.repeat(MB / 6),
  '1 MB of "password " (secret-phrase)': () => 'password '.repeat(MB / 9),
  '1 MB of "pwd a1b2c3d4 " (secret-phrase)': () => 'pwd a1b2c3d4 '.repeat(MB / 13),
  // A periodic secret under a secret key (the worst case of a substring search), looked for in 4 values of 1 MB.
  'secret key "abab…c" (1 KB) + 4 x 1 MB of "abab…" (secret-reuse)': () => {
    const text = 'ab'.repeat(MB / 2);
    return { 'db.password': `${'ab'.repeat(512)}c`, a: text, b: text, c: text, d: text };
  },
};

/** Worst single onEnding (ms) on a span carrying the hostile value: how long the event loop is blocked. */
function hostile(processor, make) {
  const value = make();
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const span = typeof value === 'string' ? spanWith(value) : makeSpan(value);
    const start = performance.now();
    processor.onEnding(span);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main() {
  const defaults = new MaskingSpanProcessor();
  const strict = new MaskingSpanProcessor({ preset: 'strict' });
  const rows = [];
  for (const [name, processor, factory] of [
    ['HTTP span, nothing to mask (default)', defaults, cleanAttributes],
    ['HTTP span, 3 masked values (default)', defaults, dirtyAttributes],
    ['HTTP span, nothing to mask (strict)', strict, cleanAttributes],
    ['HTTP span, 3+ masked values (strict)', strict, dirtyAttributes],
  ]) {
    const { samples: s, floor } = perSpan(processor, factory);
    rows.push({
      scenario: name,
      'median ns/span': Math.round(median(s)),
      min: Math.round(Math.min(...s)),
      max: Math.round(Math.max(...s)),
      'baseline ns/span': Math.round(median(floor)),
      // Each run's ratio pairs two timings taken back to back, so load from other processes mostly cancels.
      'x baseline': +median(s.map((ns, run) => ns / floor[run])).toFixed(1),
    });
  }
  console.log(
    `Masking per span (${RUNS} runs x ${SPANS} spans, node ${process.version}, load average ${loadavg()[0].toFixed(1)})`,
  );
  console.table(rows);
  console.log(
    'baseline: reading every character of the name and string attributes of the same spans once (the floor of any scan)',
  );
  console.log(
    `Minor GCs during 1,000,000 clean spans (default): ${await scavengesOnCleanPath(defaults)}`,
  );

  const blocking = [];
  for (const [name, make] of Object.entries(HOSTILE)) {
    const processor = name.includes('strict') ? strict : defaults;
    const s = hostile(processor, make);
    blocking.push({
      input: name,
      'median ms': +median(s).toFixed(2),
      'max ms': +Math.max(...s).toFixed(2),
    });
  }
  console.log(
    'Event-loop block per span carrying one hostile value (values are capped at 32768 chars first)',
  );
  console.table(blocking);
}

main();
