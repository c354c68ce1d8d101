const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * `next start` answers SIGTERM/SIGINT by closing its server and calling process.exit(), which would drop spans still
 * queued for export. After such a signal, an exit call waits for `flush` (at most `timeoutMs`), then exits with the
 * code it was given. Before a signal, process.exit is untouched. Returns a function that removes the hooks.
 */
export function holdExitUntilFlushed(flush: () => Promise<void>, timeoutMs: number): () => void {
  const onSignal = () => {
    remove();
    const exit = process.exit;
    let exiting = false;
    process.exit = ((code?: number | string | null) => {
      if (exiting) return undefined as never;
      exiting = true;
      const done = () => {
        clearTimeout(timer);
        exit.call(process, code);
      };
      // Not unref'd on purpose: the app asked to exit; this timer guarantees it does, with its own code.
      const timer = setTimeout(done, timeoutMs);
      flush().then(done, done);
      return undefined as never;
    }) as typeof process.exit;
  };
  const remove = () => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return remove;
}
