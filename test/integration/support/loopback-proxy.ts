import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'strip-traceparent' | 'rewrite-parent-id';

/**
 * A loopback HTTP proxy like a load balancer in front of a service: it drops `traceparent`, or keeps the trace id
 * but replaces the parent id with its own (what Cloud Run's front end does). Runs in the (uninstrumented) test
 * process.
 */
export async function startProxy(
  targetPort: number,
  mode: ProxyMode,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    if (mode === 'strip-traceparent') delete headers.traceparent;
    else if (typeof headers.traceparent === 'string') {
      headers.traceparent = headers.traceparent.replace(
        /^(00-[0-9a-f]{32}-)[0-9a-f]{16}/,
        '$1' + 'ab'.repeat(8),
      );
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
