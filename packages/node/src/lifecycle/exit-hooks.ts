import type { Diagnostics } from '../internal-types';
import { bounded } from './bounded';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Flushes on SIGTERM, SIGINT and beforeExit within `timeoutMs`, keeping the process's normal exit behaviour: when the
 * app has its own handler for the signal, that handler stays in charge of exiting and we only flush; when it has none,
 * the default was to die by the signal, so after the flush we re-raise it (exit code 128+n, as before). Returns a
 * function that removes the hooks.
 */
export function installExitHooks(
  shutdown: () => Promise<void>,
  timeoutMs: number,
  diag: Diagnostics,
  reportLoss: () => void,
): () => void {
  /** The flush, bounded; past the deadline one line says so, then what was not delivered. */
  const flush = (label: string, keepAlive: boolean) =>
    bounded(shutdown(), timeoutMs, keepAlive).then((outcome) => {
      if (outcome === 'timeout') {
        diag.warn(`${label}: flush did not finish within ${timeoutMs} ms`);
        reportLoss();
      }
    });
  const onSignal = (signal: NodeJS.Signals) => {
    const appHandlesIt = process.listenerCount(signal) > 1;
    diag.debug(`${signal}: flushing spans (at most ${timeoutMs} ms)`);
    void flush(signal, !appHandlesIt).then(() => {
      if (appHandlesIt) return;
      remove();
      process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = () => {
    process.removeListener('beforeExit', onBeforeExit);
    // The app is done, so the flush itself must hold the loop open (its own timers are unref'd): without
    // that the process ended mid-flush, with the spans and the line saying so both lost.
    void flush('exit', true);
  };
  const remove = () => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener('beforeExit', onBeforeExit);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
  return remove;
}
