// `node --require @otelkit/node/register app.js` (also through NODE_OPTIONS).
// Worker threads inherit preload flags; tracing is set up once, on the main thread.
import { isMainThread } from 'node:worker_threads';
import { preload } from './preload';

if (isMainThread) void preload('--require');
