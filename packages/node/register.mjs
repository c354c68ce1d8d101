// `node --import @otelkit/node/register app.mjs`: on the main thread only (worker threads and the loader-hook thread
// inherit the flag, and load nothing here), the preload gate, the ESM loader hook, start; then the app's first
// import is held until the hook has acknowledged the modules to patch. Only builtins are imported statically.
import { isMainThread } from 'node:worker_threads';
import { createRequire } from 'node:module';

if (isMainThread) {
  const require = createRequire(import.meta.url);
  const { preload } = require('./build/src/preload.js');
  await preload('--import');
}
