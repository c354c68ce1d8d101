// `node --require @otelkit/node/register app.js` (also through NODE_OPTIONS). Worker threads and the ESM loader-hook
// thread inherit preload flags; tracing is set up once, on the main thread, and nothing is loaded anywhere else.
// The check comes before any other require: an `import` here would be hoisted above it by the CommonJS output, and
// each worker would load the SDK (~700 modules, 4 workers: +1.1 s and +135 MB measured on main).
if (require('node:worker_threads').isMainThread) {
  const { preload } = require('./preload') as typeof import('./preload');
  void preload('--require');
}
export {};
