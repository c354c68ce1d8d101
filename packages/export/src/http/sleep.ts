/** Unref'd delays that shutdown (all of them) or an export's abort signal (its own) can cut short, resolving false. */
export class Sleeper {
  private readonly pending = new Map<NodeJS.Timeout, (ran: boolean) => void>();

  sleep(millis: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const end = (ran: boolean) => {
        clearTimeout(timer);
        this.pending.delete(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(ran);
      };
      const onAbort = () => end(false);
      const timer = setTimeout(end, millis, true);
      timer.unref();
      this.pending.set(timer, end);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  cancelAll(): void {
    for (const end of [...this.pending.values()]) end(false);
  }
}
