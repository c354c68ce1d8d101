import http from 'node:http';
import net from 'node:net';

export interface ForwardProxyOptions {
  /** `user:password` the proxy requires (answers 407 without it). */
  credentials?: string;
  /** Accept CONNECT and then never answer (a proxy that hangs). */
  hangOnConnect?: boolean;
  /** Listen on this port (to come back on the port a test left closed). */
  port?: number;
}

export interface SeenRequest {
  /** `CONNECT`, `POST`, … */
  method: string;
  /** The authority of a CONNECT, the absolute URL of a forwarded request. */
  target: string;
  authorization?: string;
}

/**
 * A small forward proxy on loopback, like a corporate one: CONNECT tunnels (for https destinations) and
 * absolute-form requests (for http ones), Proxy-Authorization: Basic required when `credentials` is set. It
 * records what it was asked, in the (uninstrumented) test process.
 */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<{
  url: (credentials?: string) => string;
  port: number;
  seen: SeenRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections: () => number;
  close(): Promise<void>;
}> {
  const seen: SeenRequest[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const expected =
    options.credentials && `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const allowed = (authorization: string | undefined) =>
    expected === undefined || authorization === expected;

  const server = http.createServer((req, res) => {
    const authorization = req.headers['proxy-authorization'];
    seen.push({ method: req.method ?? '', target: req.url ?? '', authorization });
    if (!allowed(authorization)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    if (!req.url?.startsWith('http://')) {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const target = new URL(req.url);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const authorization = req.headers['proxy-authorization'];
    seen.push({ method: 'CONNECT', target: req.url ?? '', authorization });
    if (options.hangOnConnect) return;
    if (!allowed(authorization)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (credentials?: string) =>
      `http://${credentials ? `${credentials}@` : ''}127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
