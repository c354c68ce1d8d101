import { preloadSkipReason, gateDebug } from './preload-gate';

/**
 * What both preload entries do, on the main thread only: the cheap gate (disabled, or a package manager's own
 * process: nothing more is loaded), the ESM loader hook where it is needed, then start; hands back the wait for the
 * hook's acknowledgement (the `--import` entry awaits it before the app's first import). Never throws and never
 * rejects: a preload that fails must leave the app running, untraced, with one line saying why.
 *
 * The hook is registered under `--import` always, and under `--require` only when the app's entry is an ES module
 * (see isEsmEntry): it costs a loader thread (+160 ms and +10 MB on an express app, measured at load 8 on 2 cores)
 * and routes every later import through it, which a CommonJS app does not need.
 */
export function preload(entry: '--require' | '--import'): Promise<void> {
  try {
    const skip = preloadSkipReason(process.env, process.argv[1]);
    if (skip !== undefined) {
      gateDebug(process.env, skip);
      return Promise.resolve();
    }
    // Required only past the gate: a skipped process loads nothing more.
    const { isEsmEntry } = require('./esm-entry') as typeof import('./esm-entry');
    // esm-hook (with node:module's loader API and import-in-the-middle) only where the hook is registered.
    const waitForEsmHook =
      entry === '--import' || isEsmEntry(process.argv[1])
        ? (require('./esm-hook') as typeof import('./esm-hook')).registerEsmHook()
        : undefined;
    const { startFrom } = require('./start') as typeof import('./start');
    startFrom(entry);
    return waitForEsmHook ? waitForEsmHook().catch(() => undefined) : Promise.resolve();
  } catch (error) {
    try {
      process.stderr.write(
        `@otelkit/node: preload ${entry} failed, tracing is off: ${(error as Error)?.message ?? error}\n`,
      );
    } catch {
      // stderr is gone; stay quiet rather than crash
    }
    return Promise.resolve();
  }
}
