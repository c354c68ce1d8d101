'use strict';
/* global fetch -- built into Node >= 18 */
// The otelkit demo: five processes, one request, one connected trace.
//
//   client -> gateway --> auth            POST /verify
//                     --> payment         POST /charge -> SQLite (Prisma) + payment-provider (HTTP)
//                     --> notification    POST /notify
//
// Run it from the repository root with `pnpm demo`. It starts an in-process OTLP receiver
// (@otelkit/testing), the services with `node --require @otelkit/node/register`, sends one
// POST /pay, waits for the whole trace, prints it as a waterfall, checks it is one connected
// tree, and stops everything. Exit code 0 on success, 1 with a reason otherwise.
//
// `pnpm demo --view` sends the traces to `otelkit view` (@otelkit/cli) instead, does the same
// checks, adds a failing request (a bad token), prints the viewer's URL and keeps everything
// running until Ctrl+C (then exit 0).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startReceiver, renderWaterfall, assertConnectedTrace } = require('@otelkit/testing');
const { generatePrismaClient } = require('./scripts/generate-prisma-client');
const { parseDemoArgs } = require('./lib/demo-args');
const { startServices, stopServices, killServicesNow } = require('./lib/demo-services');
const {
  missingParts,
  isPaymentTrace,
  assertPaymentPlacement,
  summarize,
} = require('./lib/demo-trace');

const DEMO_TIMEOUT_MS = 60_000;
const TRACE_TIMEOUT_MS = 20_000;
// After the trace looks complete, wait this long for stragglers from a later export batch.
const SETTLE_MS = 600;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const log = (line = '') => console.log(line);
const processes = [];
process.once('exit', () => killServicesNow(processes));

const PAY_BODY = () =>
  JSON.stringify({ orderId: `order-${Date.now()}`, amountCents: 4999, currency: 'EUR' });

/** `source` is where the services export: the in-process receiver, or otelkit view (--view). */
async function runDemo(source, databaseUrl) {
  log('Starting services (OTLP receiver at ' + source.url + '):');
  const urls = await startServices({ otlpUrl: source.url, databaseUrl, processes, log });
  const providerUrl = urls['payment-provider'];

  const response = await fetch(`${urls.gateway}/pay`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-token', 'content-type': 'application/json' },
    body: PAY_BODY(),
  });
  const body = await response.text();
  log(`\nPOST ${urls.gateway}/pay -> ${response.status} ${body}`);
  if (!response.ok) throw new Error(`the gateway answered ${response.status}`);

  log('Waiting for the trace...');
  let trace;
  try {
    trace = await source.waitForTrace(
      (spans) => isPaymentTrace(spans) && missingParts(spans, providerUrl).length === 0,
      { timeoutMs: TRACE_TIMEOUT_MS },
    );
  } catch {
    const spans = await source.spans().catch(() => []);
    const root = spans.find((s) => s.serviceName === 'gateway' && s.kindName === 'SERVER');
    const seen = root ? spans.filter((s) => s.traceId === root.traceId) : [];
    const missing = root ? missingParts(seen, providerUrl) : ['the gateway SERVER span'];
    throw new Error(
      `the trace is incomplete after ${TRACE_TIMEOUT_MS} ms; missing ${missing.join('; ')}`,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const traceId = trace[0].traceId;
  trace = (await source.spans()).filter((s) => s.traceId === traceId);

  log('\n' + renderWaterfall(trace));
  assertConnectedTrace(trace);
  assertPaymentPlacement(trace, providerUrl);
  for (const line of summarize(trace, providerUrl)) log(`ok ${line}`);
  return { urls, traceId };
}

/** --view: a failing request next to the good one, then where to look, until Ctrl+C. */
async function showInViewer(source, { urls, traceId }) {
  const response = await fetch(`${urls.gateway}/pay`, {
    method: 'POST',
    headers: { authorization: 'Bearer wrong-token', 'content-type': 'application/json' },
    body: PAY_BODY(),
  });
  log(`POST ${urls.gateway}/pay with a bad token -> ${response.status} (an ERROR trace to find)`);
  // Its spans reach the viewer after the services' batch delay: the URL is printed once they are there to see. The
  // 401 leaves the SERVER span unset (a client's mistake); the gateway's call to auth is the ERROR span.
  const failed = await source.waitForTrace(
    (spans) => spans.some((span) => span.status.code === 2),
    { timeoutMs: 15_000 },
  );
  const { uiUrl, otlpUrl } = source.viewer;
  log(`\notelkit view is running with the demo's traces (OTLP/HTTP at ${otlpUrl}).`);
  log(`  the payment trace: ${uiUrl}/#/trace/${traceId}`);
  log(`  the failed one:    ${uiUrl}/#/trace/${failed[0].traceId}`);
  log(
    `  send more:         curl -X POST ${urls.gateway}/pay -H 'authorization: Bearer demo-token' ` +
      `-H 'content-type: application/json' -d '{"orderId":"order-1","amountCents":4999,"currency":"EUR"}'`,
  );
  log(`Viewer UI: ${uiUrl}`);
  log('Press Ctrl+C to stop the services and the viewer.');
  const signal = await new Promise((resolve) => {
    const stop = (name) => {
      for (const s of STOP_SIGNALS) process.removeListener(s, stop);
      resolve(name);
    };
    for (const s of STOP_SIGNALS) process.once(s, stop);
  });
  log(`\n${signal}: stopping.`);
}

/** The in-process receiver, seen through the calls runDemo makes. */
function receiverSource(receiver) {
  return {
    url: receiver.url,
    waitForTrace: (predicate, options) => receiver.waitForTrace(predicate, options),
    spans: async () => receiver.spans,
    close: () => receiver.close(),
  };
}

/** Rejects after `ms` or on SIGINT/SIGTERM/SIGHUP, so the demo always gets to clean up. */
function abortSignals(ms) {
  let timer;
  let onSignal;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
    timer.unref();
    onSignal = (signal) => reject(new Error(`interrupted by ${signal}`));
    for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  });
  const cancel = () => {
    clearTimeout(timer);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
  return { promise, cancel };
}

async function main() {
  const args = parseDemoArgs(process.argv.slice(2));
  if (args.help) {
    log(args.help);
    return 0;
  }
  if (args.error) {
    console.error(args.error);
    return 2;
  }
  log(
    'otelkit demo: gateway -> auth, payment (Prisma + SQLite, external payment API), notification',
  );
  if (!generatePrismaClient({ quiet: true, log })) return 1;
  const dbFile = path.join(os.tmpdir(), `otelkit-demo-${process.pid}.db`);
  let source;
  try {
    // Only --view loads @otelkit/cli.
    source = args.view
      ? await require('./lib/viewer-source').startViewerSource(args)
      : receiverSource(await startReceiver());
  } catch (err) {
    console.error(`otelkit demo FAILED: ${err.message}`);
    return 1;
  }
  const abort = abortSignals(DEMO_TIMEOUT_MS);
  let code = 0;
  try {
    const result = await Promise.race([runDemo(source, `file:${dbFile}`), abort.promise]);
    log('\nDemo passed.');
    abort.cancel();
    if (args.view) await showInViewer(source, result);
  } catch (err) {
    code = 1;
    console.error(`\notelkit demo FAILED: ${err.message}`);
    for (const { name, child } of processes) {
      const stderr = child.stderr().trim();
      if (stderr)
        console.error(`--- ${name} stderr ---\n${stderr.split('\n').slice(-15).join('\n')}`);
    }
  } finally {
    abort.cancel();
    await stopServices(processes);
    await source.close();
    fs.rmSync(dbFile, { force: true });
  }
  return code;
}

main().then(
  (code) => exit(code),
  (err) => {
    console.error(`otelkit demo FAILED: ${err.stack ?? err}`);
    exit(1);
  },
);

function exit(code) {
  process.exitCode = code;
  // Normally the event loop is empty by now; never hang if something still holds it.
  setTimeout(() => process.exit(code), 2_000).unref();
}
