import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ProxyEndpoint } from './proxy-endpoint';

/**
 * Most bytes of a proxy's answer to CONNECT read before giving up: a status line and a few headers are a few
 * hundred bytes; a proxy that sends more (or an endless body in place of headers) must not grow the app's memory.
 */
export const MAX_CONNECT_ANSWER_BYTES = 16 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');

/** Connects to the proxy itself: TCP, or TLS for an `https://` proxy (Node's trusted CAs, the proxy's name). */
export function connectToProxy(proxy: ProxyEndpoint): net.Socket {
  return proxy.tls
    ? tls.connect({ host: proxy.hostname, port: proxy.port, servername: tlsName(proxy.hostname) })
    : net.connect({ host: proxy.hostname, port: proxy.port });
}

/** SNI takes a name, never an IP address. */
const tlsName = (host: string) => (net.isIP(host) === 0 ? host : undefined);

/**
 * A socket tunnelled to `host:port` through `proxy` (HTTP CONNECT), for the caller's TLS to the destination. The
 * whole exchange is bounded by `timeoutMillis` and MAX_CONNECT_ANSWER_BYTES; any answer but 2xx is an error naming
 * the proxy (credentials masked) and the status, code EPROXY, and the socket is closed without reading the body.
 */
export function openTunnel(
  proxy: ProxyEndpoint,
  host: string,
  port: number,
  timeoutMillis: number,
): Promise<net.Socket> {
  const authority = net.isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connectToProxy(proxy);
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      chunks = [];
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          proxyError(
            'ETIMEDOUT',
            `proxy ${proxy.shown} did not answer CONNECT to ${authority} within ${timeoutMillis} ms`,
          ),
        ),
      timeoutMillis,
    );
    timer.unref();
    const onError = (error: NodeJS.ErrnoException) =>
      fail(proxyError(error.code ?? 'EPROXY', `proxy ${proxy.shown}: ${error.message}`));
    const onClose = () =>
      fail(
        proxyError(
          'ECONNRESET',
          `proxy ${proxy.shown} closed the connection before answering CONNECT to ${authority}`,
        ),
      );
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const all = Buffer.concat(chunks, size);
      const end = all.indexOf(HEADER_END);
      if (end === -1 || end > MAX_CONNECT_ANSWER_BYTES) {
        if (size > MAX_CONNECT_ANSWER_BYTES) {
          fail(
            proxyError(
              'EPROXY',
              `proxy ${proxy.shown} answered CONNECT to ${authority} with more than ${MAX_CONNECT_ANSWER_BYTES} bytes of headers`,
            ),
          );
        } else {
          chunks = [all];
        }
        return;
      }
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(
        all.toString('latin1', 0, Math.min(end, 64)),
      )?.[1];
      if (status === undefined || status[0] !== '2') {
        const what = status === undefined ? 'something that is not HTTP' : `HTTP ${status}`;
        fail(
          proxyError(
            'EPROXY',
            `proxy ${proxy.shown} answered CONNECT to ${authority} with ${what}`,
          ),
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      chunks = [];
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      // Bytes the destination already sent through the tunnel belong to the TLS handshake.
      if (all.length > end + HEADER_END.length)
        socket.unshift(all.subarray(end + HEADER_END.length));
      resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    const auth = proxy.authorization ? `proxy-authorization: ${proxy.authorization}\r\n` : '';
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${auth}\r\n`);
  });
}

/** An error whose `code` the retry policy reads (any code: a transport failure is retried). */
export function proxyError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
