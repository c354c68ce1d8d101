import type { Diagnostics } from '../internal-types';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** What the hooks do to the SDK; start-sdk wires them to the provider and the export pipeline. */
export interface ExitActions {
  /** Shuts the provider down: what is queued is exported, then nothing more is recorded. */
  shutdown(): Promise<void>;
  /** Starts exporting what is queued now, and keeps recording. */
  forceFlush(): void;
  /** The deadline passed: what is queued or on the wire counts as lost now, and no request holds the process. */
  abandon(): void;
  /** The process is exiting ('exit' event): sends what is queued synchronously, within `millis`. */
  flushAtExit(millis: number): void;
  /** At most one line, once, on what never arrived; `lead` says why the flush ended early. */
  reportLoss(lead?: string): void;
}

/**
 * `actions.shutdown()` within `millis`; past it, what is left is abandoned and one line (`label` leading) says what
 * was lost. keepAlive: the caller is waiting for the process's end (or for this), so the bound's own timer holds the
 * loop open; every other timer of the export path is unref'd, and without that the process ended mid-flush, the
 * spans and the line both lost. Never rejects.
 */
export function boundedShutdown(
  actions: ExitActions,
  millis: number,
  label: string,
  timeoutMs = millis,
): Promise<void> {
  // Required at the first shutdown: nothing at start needs it (issue 19: start-up is paid per module loaded).
  const { bounded } = require('./bounded') as typeof import('./bounded');
  return bounded(actions.shutdown(), millis, true).then((outcome) => {
    if (outcome === 'done') return;
    actions.abandon();
    actions.reportLoss(`${label}: flush did not finish within ${timeoutMs} ms`);
  });
}

/**
 * Flushes at the process's end within `timeoutMs`, keeping its normal exit behaviour:
 *
 *   SIGTERM/SIGINT, no handler of the app's ─ flush (bounded) ─▶ re-raise the signal (exit code 128+n, as before)
 *                  │                          └ the same signal again ─▶ re-raise it now
 *                  └ the app handles it ───▶ keep recording; its exit comes through one of the two below
 *   loop empty (beforeExit) ─ flush (bounded) ─▶ the process ends as it would have
 *   'exit' (process.exit(), a cluster worker whose primary died, …) ─ what is still queued goes in one
 *      synchronous request (bounded): no callback runs after 'exit'
 *
 * The bound runs from the first of these; at it, what is left is abandoned and one line says what was lost.
 * Returns a function that removes the hooks.
 */
export function installExitHooks(
  actions: ExitActions,
  timeoutMs: number,
  diag: Diagnostics,
): () => void {
  let deadline: number | undefined;
  const remaining = () => Math.max(0, (deadline ??= Date.now() + timeoutMs) - Date.now());
  const flush = (label: string) => boundedShutdown(actions, remaining(), label, timeoutMs);
  let flushingFor: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (flushingFor !== undefined) {
      // Asked twice (a second Ctrl+C): the user wants out now.
      actions.abandon();
      actions.reportLoss(`${signal} again: flush abandoned`);
      reRaise(signal);
      return;
    }
    if (process.listenerCount(signal) > 1) {
      // The app drains and decides when to exit: spans it ends meanwhile must still be recorded and sent.
      diag.debug(`${signal}: the app handles it; tracing goes on until the process exits`);
      actions.forceFlush();
      return;
    }
    flushingFor = signal;
    diag.debug(`${signal}: flushing spans (at most ${timeoutMs} ms)`);
    void flush(signal).then(() => reRaise(signal));
  };
  const reRaise = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  const onBeforeExit = () => {
    process.removeListener('beforeExit', onBeforeExit);
    void flush('exit');
  };
  const onExit = () => {
    try {
      actions.flushAtExit(remaining());
      actions.reportLoss();
    } catch {
      // Nothing may change how the process ends.
    }
  };
  const remove = () => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  return remove;
}
