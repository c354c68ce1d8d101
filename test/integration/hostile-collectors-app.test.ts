import { otelEnv, REQUIRE, startApp } from './support/app';
import {
  cutAfterStatus,
  endlessBody,
  fiftyMegabyteBody,
  healthy,
  neverAnswers,
  partialSuccessJson,
  partialSuccessProto,
  startCollector,
  status,
  trickledBody,
  trickledHeaders,
  type LoopbackCollector,
  type Misbehaviour,
} from './support/misbehaving-collector';
import { percentile, steadyLoad, type LoadResult } from './support/steady-load';

// Issue 18: a collector that misbehaves does not hurt a traced app. For each misbehaviour, two copies of the same app
// (test/fixtures/node/load-app.js under --require @otelkit/node/register) run side by side under the same load, one
// exporting to the misbehaving collector, the other to a healthy one (the control), and the first must do as well
// as the second within the margins, count every span and say what is wrong. HOSTILE_APP_FIGURES=1 prints
// each row's figures and the hostile app's stderr.
jest.setTimeout(90_000);

const MB = 1024 * 1024;
/** Not measured: the apps' first requests pay for lazy loading and compilation. */
const WARM_UP = { perSecond: 150, seconds: 0.4 };
/** The measured load: 300 requests to each app over 2 s. */
const LOAD = { perSecond: 150, seconds: 2 };
/**
 * A p99 over 300 requests is the third slowest: one scheduling stall of the shared machine that hits one app and not
 * the other decides it. A row whose only problem is its p99 is measured again, up to this many times in all; an app
 * that a collector really slows down (before issue 18, an endless body took the p50 to 1.5 s) fails every time.
 */
const TIMING_ATTEMPTS = 3;
/** Exports every 100 ms; an attempt gets 1 s, so a row ends within seconds whatever the collector does. */
const ENV = {
  OTEL_SERVICE_NAME: 'load-app',
  OTEL_BSP_SCHEDULE_DELAY: '100',
  OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
  OTELKIT_SHUTDOWN_TIMEOUT: '2000',
};

interface AppRun {
  load: LoadResult;
  /** Requests sent in the warm-up, and how many were answered. */
  warmUp: LoadResult;
  collector: LoopbackCollector;
  stderr: string;
  /** What load-app.js printed at exit: requests handled (one server span each), RSS, otel.stats(). */
  handled: number;
  rssGrowth: number;
  ended: number;
  exported: number;
  failed: number;
}

interface Pair {
  hostile: AppRun;
  control: AppRun;
  /** Milliseconds the apps took to listen, the load, and the exit after SIGTERM. */
  phases: { start: number; load: number; exit: number };
}

/** Both apps at once, under the same load; ended by SIGTERM once every request is answered. */
async function runSideBySide(behaviour: Misbehaviour, env: Record<string, string>): Promise<Pair> {
  const collectors = await Promise.all([startCollector(behaviour), startCollector(healthy)]);
  try {
    let since = performance.now();
    const lap = () => -since + (since = performance.now());
    const apps = await Promise.all(
      collectors.map((collector) =>
        startApp({
          script: 'load-app.js',
          nodeArgs: REQUIRE,
          env: otelEnv(collector.url, { ...ENV, ...env }),
        }),
      ),
    );
    const start = lap();
    const ports = apps.map((app) => app.port);
    const warmUps = await steadyLoad(ports, WARM_UP);
    const loads = await steadyLoad(ports, LOAD);
    const load = lap();
    for (const app of apps) app.proc.kill('SIGTERM');
    const exits = await Promise.all(apps.map((app) => app.proc.exited));
    const exit = lap();
    const [hostile, control] = exits.map((exit, i): AppRun => {
      const line = /^stats (.*)$/m.exec(exit.stdout);
      if (!line) throw new Error(`no stats line; stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
      const stats = JSON.parse(line[1]);
      return {
        load: loads[i],
        warmUp: warmUps[i],
        collector: collectors[i],
        stderr: exit.stderr,
        handled: stats.handled,
        rssGrowth: stats.rssPeak - stats.rssAtFirstRequest,
        ...stats.otel,
      };
    });
    return { hostile, control, phases: { start, load, exit } };
  } finally {
    await Promise.all(collectors.map((c) => c.close()));
  }
}

const p99 = (run: AppRun) => percentile(run.load.latencies, 99);

/** The running loss the last line stated ("N spans not delivered…", "N spans could not be delivered…"). */
function lastStatedLoss(stderr: string): number | undefined {
  const stated = [...stderr.matchAll(/(\d+) spans (?:not delivered|could not be delivered)/g)];
  return stated.length === 0 ? undefined : Number(stated[stated.length - 1][1]);
}

const nodeWarnings = (stderr: string) =>
  stderr.split('\n').filter((l) => !l.startsWith('@otelkit/') && /\(node:\d+\)|Warning/.test(l));

/** How many of the app's spans the collector must end up with, as the app counts them. */
type Delivered = 'all' | 'some' | 'none';

/** Every way `run` is hurt or miscounts, measured against `control`; empty when there is none. */
function violations(run: AppRun, control: AppRun, delivered: Delivered, cause: RegExp): string[] {
  const found: string[] = [];
  const { load, warmUp } = run;
  if (load.answered + warmUp.answered !== load.sent + warmUp.sent)
    found.push(
      `${load.answered + warmUp.answered} of ${load.sent + warmUp.sent} requests answered: ${[...warmUp.failures, ...load.failures].join('; ')}`,
    );
  if (!(p99(run) <= 3 * p99(control) + 20))
    found.push(`p99 ${p99(run).toFixed(1)} ms > 3 × ${p99(control).toFixed(1)} ms + 20 ms`);
  if (!(run.rssGrowth <= control.rssGrowth + 32 * MB))
    found.push(
      `RSS grew ${(run.rssGrowth / MB).toFixed(1)} MB > ${(control.rssGrowth / MB).toFixed(1)} MB + 32 MB`,
    );
  for (const line of nodeWarnings(run.stderr)) found.push(`Node warning: ${line}`);
  // Nor does the app hammer a collector that misbehaves (a Retry-After read as "now" once made 96 requests of 20).
  if (run.collector.requests > 3 * control.collector.requests)
    found.push(
      `${run.collector.requests} export requests > 3 × the control's ${control.collector.requests}`,
    );
  // An answer that comes later than the attempt's deadline is cut short, even a healthy collector's: when this busy
  // machine stalls the collector for a second, or when the endless-body collector, pumping bytes to the app's other
  // connections, gets to a request late (seen in about one run in three). A resend or a loss then follows from the
  // app's own deadline, as it should, not from an answer the collector completed.
  const deadlineFired = /no complete answer within/.test(run.stderr);
  const resent = run.collector.resentAfterSettled();
  if (resent.length > 0 && !deadlineFired)
    found.push(`${resent.length} spans reached the collector again after it had settled them`);
  // Every span made (one server span per request) is delivered, or counted lost and the loss stated in a line.
  if (run.ended !== run.handled)
    found.push(`${run.handled} requests made spans, otel.stats() counts ${run.ended} ended`);
  const lost = run.ended - run.exported;
  const received = run.collector.distinctSpans();
  if (run.exported > received)
    found.push(`${run.exported} spans counted delivered, the collector received ${received}`);
  if (run.failed > lost) found.push(`${run.failed} spans in failed exports > ${lost} lost`);
  if (lost > 0 && lastStatedLoss(run.stderr) !== lost)
    found.push(`${lost} spans lost, the last line stated ${lastStatedLoss(run.stderr)}`);
  // A collector that takes a second per export cannot take the backlog within OTELKIT_SHUTDOWN_TIMEOUT: what is left
  // then is lost at that bound, counted, and stated in the shutdown line (checked above).
  const shutdownBound = /flush did not finish within/.test(run.stderr);
  const deliveredAsExpected =
    delivered === 'all'
      ? lost === 0 || deadlineFired || shutdownBound
      : delivered === 'none'
        ? run.exported === 0
        : run.exported > 0 && lost > 0;
  if (!deliveredAsExpected)
    found.push(`${run.exported} of ${run.ended} spans delivered, expected ${delivered}`);
  const endpoint = run.collector.hostPort;
  if (!run.stderr.split('\n').some((line) => line.includes(endpoint) && cause.test(line)))
    found.push(`no line names ${endpoint} and ${cause}`);
  return found;
}

function figures(name: string, { hostile, control, phases }: Pair): string {
  const one = (run: AppRun) =>
    `p99 ${p99(run).toFixed(1)} ms, RSS +${(run.rssGrowth / MB).toFixed(1)} MB, ` +
    `${run.exported} of ${run.ended} spans delivered, ${run.ended - run.exported} lost ` +
    `(${run.failed} in failed exports), ${run.collector.requests} export requests`;
  const took = Object.entries(phases).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`);
  return `${name}: ${took.join(', ')}\n  control: ${one(control)}\n  hostile: ${one(hostile)}\n${hostile.stderr}`;
}

/** A healthy collector's line: its first delivery, naming the endpoint. */
const DELIVERED = /first spans delivered to/;
/**
 * The collector took the spans (a 200 status line), then misbehaved in the body: nothing is lost, and one line
 * names the endpoint and what the answer did.
 */
const ODD_ANSWER = (what: string) =>
  new RegExp(`answered HTTP 200 with a body ${what}.*; the spans count as delivered`);
/** Attempts that get no complete answer within their deadline: the stuck line, long before any failure. */
const STUCK =
  /are stuck: .*no complete answer within 1000 ms \(the collector is slow, hung or trickling/;
const TOO_LONG =
  /could not export \d+ spans to .*: HTTP (429|503): collector asked to retry after \d+ s \(more than the 30 s otelkit waits\)/;

/** [collector, what reaches it, a line naming the endpoint must match, env beyond ENV for both apps] */
const ROWS: Array<[string, Misbehaviour, Delivered, RegExp, Record<string, string>?]> = [
  ['200, endless body', endlessBody, 'all', ODD_ANSWER('over 64 KiB')],
  ['200, 50 MB body', fiftyMegabyteBody, 'all', ODD_ANSWER('over 64 KiB')],
  [
    '200, body trickled 1 byte / 100 ms',
    trickledBody,
    'all',
    ODD_ANSWER('still arriving after 1000 ms'),
  ],
  ['200, headers trickled 1 byte / 100 ms', trickledHeaders, 'none', STUCK],
  [
    '429 Retry-After 99999999999999999999',
    status(429, { 'retry-after': '99999999999999999999' }),
    'none',
    TOO_LONG,
  ],
  [
    '503 Retry-After in 2100',
    status(503, { 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' }),
    'none',
    TOO_LONG,
  ],
  [
    '429 Retry-After -5',
    status(429, { 'retry-after': '-5' }),
    'none',
    /could not export \d+ spans to .*: HTTP 429;/,
  ],
  [
    '503 Retry-After garbage',
    status(503, { 'retry-after': 'soon!' }),
    'none',
    /could not export \d+ spans to .*: HTTP 503;/,
  ],
  ['200 cut after the status line', cutAfterStatus(200), 'all', ODD_ANSWER('cut short')],
  [
    '403 cut after the status line',
    cutAfterStatus(403),
    'none',
    /could not export \d+ spans to .*: HTTP 403/,
  ],
  [
    '429 cut after the status line',
    cutAfterStatus(429, { 'retry-after': '1' }),
    'none',
    /could not export \d+ spans to .*: HTTP 429/,
  ],
  [
    'partial_success in protobuf',
    partialSuccessProto,
    'some',
    /collector .* rejected \d+ of \d+ spans: spans too old/,
  ],
  [
    'partial_success in JSON',
    partialSuccessJson,
    'some',
    /collector .* rejected \d+ of \d+ spans: quota exceeded/,
    { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
  ],
  ['accept and never answer', neverAnswers, 'none', STUCK],
];

describe('a traced app does as well against a misbehaving collector as against a healthy one', () => {
  // One argument, or jest takes the last parameter for a `done` callback when a row omits its env.
  test.each(ROWS)('%s', async (...row) => {
    const [name, behaviour, delivered, cause, env = {}] = row;
    let found: string[] = [];
    for (let attempt = 1; attempt <= TIMING_ATTEMPTS; attempt++) {
      const pair = await runSideBySide(behaviour, env);
      if (process.env.HOSTILE_APP_FIGURES) console.log(figures(`${name} (run ${attempt})`, pair));
      // The control: everything delivered once, its first delivery reported.
      expect(violations(pair.control, pair.control, 'all', DELIVERED)).toEqual([]);
      found = violations(pair.hostile, pair.control, delivered, cause);
      if (!found.some((problem) => problem.startsWith('p99 '))) break;
      if (found.some((problem) => !problem.startsWith('p99 '))) break;
    }
    expect(found).toEqual([]);
  });
});
