import type { OtelkitHandle } from '@otelkit/node';
import { holdExitUntilFlushed } from './hold-exit';
import { keepOneFetchSpan } from './next-fetch-spans';
import { NextSpanProcessor } from './next-span-processor';
import { stripParamsOf, toStartOptions } from './resolve-next-options';
import type { NextOtelOptions } from './types';

type NodeModule = Pick<typeof import('@otelkit/node'), 'start'>;

const KEY = Symbol.for('otelkit.next.state');
interface NextState {
  handle?: OtelkitHandle;
}

function state(): NextState {
  const holder = globalThis as unknown as Record<symbol, NextState | undefined>;
  return (holder[KEY] ??= {});
}

/**
 * Starts @otelkit/node for a Next.js server. Once per process: `next dev` re-runs `register()` after reloads, and
 * every later call returns the first handle (start() itself is idempotent too; this also keeps the exit hook single).
 */
export function startInNode(node: NodeModule, options: NextOtelOptions): OtelkitHandle {
  const s = state();
  if (s.handle) return s.handle;
  const processor = new NextSpanProcessor(stripParamsOf(options));
  const holdExit = options.flushOnExit !== false && !process.env.NEXT_MANUAL_SIG_HANDLE;
  const startOptions = toStartOptions(options, process.env, undefined, processor);
  // Next.js exits by itself after a signal, once in-flight requests are done: flushing at the signal would miss the
  // spans those requests end afterwards, so the flush moves to that exit.
  if (holdExit) startOptions.handleSignals ??= false;
  const handle = node.start(startOptions);
  s.handle = handle;
  keepOneFetchSpan(process.env);
  if (holdExit) holdExitUntilFlushed(handle.shutdown, options.shutdownTimeoutMillis ?? 5000);
  // The server already loaded node:http; instrumentations patch a module on its next require, so ask for it now
  // rather than whenever Next.js happens to (the HTTP SERVER span would be missing until then).
  require('node:http');
  require('node:https');
  return handle;
}
