import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { recording } from './helpers/recording-diagnostics';
import { OtelkitBatchSpanProcessor, OtlpHttpSpanExporter } from '@otelkit/export';
import { tracingWith, until } from './helpers/tracing';

/** What a loopback collector writes on each connection once a request arrived. */
type Behaviour = (socket: net.Socket) => void;

const timers = new Set<NodeJS.Timeout>();
const trickle = (socket: net.Socket, text: string) => {
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= text.length) return clearInterval(timer);
    socket.write(text.slice(sent, ++sent));
  }, 20);
  timers.add(timer);
};
const answer = (head: string) => (socket: net.Socket) =>
  socket.write(`${head}\r\ncontent-length: 0\r\n\r\n`);

const behaviours: Record<string, Behaviour> = {
  'is healthy': answer('HTTP/1.1 200 OK'),
  'never answers': () => undefined,
  'trickles its headers': (socket) =>
    trickle(socket, `HTTP/1.1 200 OK\r\nx-slow: ${'a'.repeat(500)}`),
  'trickles a 503 body': (socket) => {
    socket.write('HTTP/1.1 503 Unavailable\r\ncontent-length: 500\r\n\r\n');
    trickle(socket, 'x'.repeat(500));
  },
  'asks to retry after 20 s': answer('HTTP/1.1 429 Too Many Requests\r\nretry-after: 20'),
  'asks to retry after an hour': answer('HTTP/1.1 429 Too Many Requests\r\nretry-after: 3600'),
};

const servers: net.Server[] = [];
afterEach(async () => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function collector(behaviour: Behaviour): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', () => behaviour(socket));
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  const close = server.close.bind(server);
  server.close = (cb) => (sockets.forEach((s) => s.destroy()), close(cb));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
}

/**
 * Attempts time out after 200 ms and the export would be retried for a long time (100 attempts, a 60 s export
 * timeout): the line must come from the first stuck attempt, not from the export's end or from shutdown.
 */
test.each<[string, RegExp | undefined]>([
  ['is healthy', undefined],
  ['never answers', /no complete answer within 200 ms/],
  ['trickles its headers', /no complete answer within 200 ms/],
  ['trickles a 503 body', /HTTP 503 not complete within 200 ms/],
  ['asks to retry after 20 s', /asked to retry after 20 s/],
  ['asks to retry after an hour', /asked to retry after 3600 s/],
])(
  'a collector that %s: within a second, one line names the endpoint and the cause (none when healthy)',
  async (name, cause) => {
    const url = await collector(behaviours[name]);
    const lines: string[] = [];
    const diagnostics = recording(lines);
    const exporter = new OtlpHttpSpanExporter(
      {
        url,
        timeoutMillis: 200,
        retry: { initialBackoffMillis: 5, maxBackoffMillis: 20, maxAttempts: 100 },
        diagnostics,
      },
      {},
    );
    const processor = new OtelkitBatchSpanProcessor(
      exporter,
      { scheduledDelayMillis: 10, exportTimeoutMillis: 60_000, diagnostics },
      {},
    );
    tracingWith(processor).endSpans(3);
    if (cause === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(lines).toEqual([]);
    } else {
      await until(() => lines.length > 0, 1000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(url);
      expect(lines[0]).toMatch(cause);
    }
    processor.abandon();
    await processor.shutdown();
  },
);
