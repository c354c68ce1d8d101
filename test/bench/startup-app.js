'use strict';
// The app of the start-up benchmark (startup.js): loads its libraries and exits. STARTUP_LIBS lists them
// (default express); STARTUP_WORKERS starts that many worker threads that load nothing and exit. Prints one JSON
// line at exit: peak RSS and CPU time of the process (workers included), the slowest worker's time from creation to
// exit, and the OpenTelemetry modules in the main thread's and each worker's module cache. STARTUP_MODULES_OUT=<file>
// also writes the main thread's module cache (file names, in load order) there, for startup.js's floor variant.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const otelModules = () =>
  Object.keys(require.cache).filter((p) => p.includes(`${path.sep}@opentelemetry${path.sep}`))
    .length;

if (!isMainThread) {
  parentPort.postMessage(otelModules());
} else {
  // express is test/bench's dependency; ioredis test/'s (the integration tests' devDependency).
  const paths = [__dirname, path.join(__dirname, '..')];
  for (const lib of (process.env.STARTUP_LIBS || 'express').split(','))
    require(require.resolve(lib, { paths }));
  const workers = Number(process.env.STARTUP_WORKERS || 0);
  const workerOtel = [];
  let workerMs = 0;
  const report = () => {
    if (process.env.STARTUP_MODULES_OUT)
      require('node:fs').writeFileSync(
        process.env.STARTUP_MODULES_OUT,
        JSON.stringify(Object.keys(require.cache)),
      );
    const cpu = process.cpuUsage();
    console.log(
      JSON.stringify({
        maxRssKB: process.resourceUsage().maxRSS,
        cpuMs: (cpu.user + cpu.system) / 1000,
        otel: otelModules(),
        workerOtel,
        workerMs,
      }),
    );
  };
  let running = workers;
  if (running === 0) report();
  for (let i = 0; i < workers; i++) {
    const created = performance.now();
    const worker = new Worker(__filename);
    worker.on('message', (count) => workerOtel.push(count));
    worker.on('exit', () => {
      workerMs = Math.max(workerMs, performance.now() - created);
      if (--running === 0) report();
    });
  }
}
