// `node --import @otelkit/node/register app.mjs`: registers the ESM loader hook, starts the SDK, and holds the app's
// first import until the hook has acknowledged the modules to patch. Worker threads are skipped.
import { isMainThread } from 'node:worker_threads';
import { createRequire } from 'node:module';

if (isMainThread) {
  const require = createRequire(import.meta.url);
  const { preload } = require('./build/src/preload.js');
  await preload('--import');
}
