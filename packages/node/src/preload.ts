import { registerEsmHook } from './esm-hook';
import { startFrom } from './start';

/**
 * What both preload entries do: register the ESM hook, start, and hand back the wait for the hook's acknowledgement
 * (the `--import` entry awaits it before the app's first import). Never throws and never rejects: a preload that
 * fails must leave the app running, untraced, with one line saying why.
 */
export function preload(entry: '--require' | '--import'): Promise<void> {
  try {
    const waitForEsmHook = registerEsmHook();
    startFrom(entry);
    return waitForEsmHook().catch(() => undefined);
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
