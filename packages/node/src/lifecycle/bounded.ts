/**
 * Settles when `work` does or after `ms`, whichever is first; never rejects. The timer is unref'd unless `keepAlive`:
 * after a signal we must keep the loop alive long enough to finish, elsewhere we must never hold the process open.
 */
export function bounded(
  work: Promise<unknown>,
  ms: number,
  keepAlive = false,
): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    if (!keepAlive) timer.unref();
  });
  const finished = work.then(
    () => 'done' as const,
    () => 'done' as const,
  );
  return Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
}
