import type { ServerResponse } from 'node:http';

// The UI refetches its list on each event, so a burst of batches must not become a burst of fetches.
const THROTTLE_MS = 300;
const HEARTBEAT_MS = 15_000;

/** Server-Sent Events to every open UI: "something changed", at most every THROTTLE_MS. */
export class LiveUpdates {
  private readonly clients = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly payload: () => unknown) {
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
  }

  open(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: 2000\nevent: update\ndata: ${JSON.stringify(this.payload())}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  changed(): void {
    if (this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.write(`event: update\ndata: ${JSON.stringify(this.payload())}\n\n`);
    }, THROTTLE_MS).unref();
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.pending);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }
}
