'use strict';
// Starts and stops the demo's five processes. Each service waits for the ones it calls, so their
// URLs (random free ports) can be handed over through the environment.
const path = require('node:path');
const { spawnFixture } = require('@otelkit/testing');

const ROOT = path.join(__dirname, '..');
const PRELOAD = ['--require', '@otelkit/node/register'];
const EXIT_WITH_DEMO = ['--require', path.join(__dirname, 'exit-with-parent.js')];
const READY = /listening on (http:\/\/\S+)/;
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;

/** The system, in no particular order: `calls` maps an env var to the service it points at. */
const SERVICES = [
  // The third-party API runs without otelkit: it is not ours to instrument.
  { name: 'payment-provider', traced: false },
  { name: 'auth' },
  { name: 'notification' },
  { name: 'payment', calls: { PAYMENT_PROVIDER_URL: 'payment-provider' } },
  {
    name: 'gateway',
    calls: { AUTH_URL: 'auth', PAYMENT_URL: 'payment', NOTIFICATION_URL: 'notification' },
  },
];

/**
 * Starts every service with tracing pointed at `otlpUrl` and resolves with their URLs by name once
 * each printed its "listening on" line. `processes` is filled as they spawn, so the caller can
 * stop them even when startup fails.
 */
async function startServices({ otlpUrl, databaseUrl, processes, log }) {
  const started = new Map();
  const start = async (service) => {
    const env = {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      OTEL_SERVICE_NAME: service.name,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined, // it would win over the endpoint above
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    for (const [envName, target] of Object.entries(service.calls ?? {})) {
      env[envName] = await startOnce(target);
    }
    const child = spawnFixture({
      script: path.join('services', `${service.name}.js`),
      cwd: ROOT,
      nodeArgs: [...EXIT_WITH_DEMO, ...(service.traced === false ? [] : PRELOAD)],
      env,
      // The demo's own deadline applies; this only guards against an orphaned fixture timer.
      timeoutMs: 10 * 60_000,
    });
    processes.push({ name: service.name, child });
    const line = await child.waitForOutput(READY, {
      stream: 'stdout',
      timeoutMs: READY_TIMEOUT_MS,
    });
    const url = READY.exec(line)[1];
    const note = service.traced === false ? ', not traced' : '';
    log(`  ${service.name.padEnd(17)} ${url}  (pid ${child.pid}${note})`);
    return url;
  };
  const startOnce = (name) => {
    if (!started.has(name)) started.set(name, start(SERVICES.find((s) => s.name === name)));
    return started.get(name);
  };
  const urls = {};
  await Promise.all(SERVICES.map(async (s) => (urls[s.name] = await startOnce(s.name))));
  return urls;
}

/** SIGTERM every process, give them time to flush and exit, then SIGKILL what is left. */
async function stopServices(processes) {
  await Promise.all(
    processes.map(async ({ child }) => {
      if (!child.kill('SIGTERM')) return;
      let timer;
      const grace = new Promise((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
        timer.unref();
      });
      await Promise.race([child.exited.catch(() => {}), grace]);
      clearTimeout(timer);
      child.kill('SIGKILL');
    }),
  );
}

/** Last resort for `process.on('exit')`: synchronous, so nothing outlives the demo. */
function killServicesNow(processes) {
  for (const { child } of processes) child.kill('SIGKILL');
}

module.exports = { SERVICES, startServices, stopServices, killServicesNow };
