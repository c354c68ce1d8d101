/** Unref'd delays that shutdown can cut short (resolving false). */
export class Sleeper {
  private readonly pending = new Map<NodeJS.Timeout, (ran: boolean) => void>();

  sleep(millis: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, millis);
      timer.unref();
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}
