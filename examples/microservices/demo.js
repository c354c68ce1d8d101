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
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startReceiver, renderWaterfall, assertConnectedTrace } = require('@otelkit/testing');
const { generatePrismaClient } = require('./scripts/generate-prisma-client');
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

async function runDemo(receiver, databaseUrl) {
  log('Starting services (OTLP receiver at ' + receiver.url + '):');
  const urls = await startServices({ otlpUrl: receiver.url, databaseUrl, processes, log });
  const providerUrl = urls['payment-provider'];

  const response = await fetch(`${urls.gateway}/pay`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-token', 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: `order-${Date.now()}`, amountCents: 4999, currency: 'EUR' }),
  });
  const body = await response.text();
  log(`\nPOST ${urls.gateway}/pay -> ${response.status} ${body}`);
  if (!response.ok) throw new Error(`the gateway answered ${response.status}`);

  log('Waiting for the trace...');
  let trace;
  try {
    trace = await receiver.waitForTrace(
      (spans) => isPaymentTrace(spans) && missingParts(spans, providerUrl).length === 0,
      { timeoutMs: TRACE_TIMEOUT_MS },
    );
  } catch {
    const root = receiver.spans.find((s) => s.serviceName === 'gateway' && s.kindName === 'SERVER');
    const seen = root ? receiver.spans.filter((s) => s.traceId === root.traceId) : [];
    const missing = root ? missingParts(seen, providerUrl) : ['the gateway SERVER span'];
    throw new Error(
      `the trace is incomplete after ${TRACE_TIMEOUT_MS} ms; missing ${missing.join('; ')}`,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  trace = receiver.spans.filter((s) => s.traceId === trace[0].traceId);

  log('\n' + renderWaterfall(trace));
  assertConnectedTrace(trace);
  assertPaymentPlacement(trace, providerUrl);
  for (const line of summarize(trace, providerUrl)) log(`ok ${line}`);
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
  log(
    'otelkit demo: gateway -> auth, payment (Prisma + SQLite, external payment API), notification',
  );
  if (!generatePrismaClient({ quiet: true, log })) return 1;
  const dbFile = path.join(os.tmpdir(), `otelkit-demo-${process.pid}.db`);
  const receiver = await startReceiver();
  const abort = abortSignals(DEMO_TIMEOUT_MS);
  let code = 0;
  try {
    await Promise.race([runDemo(receiver, `file:${dbFile}`), abort.promise]);
    log('\nDemo passed.');
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
    await receiver.close();
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
