import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleRequest, TRACES_PATH } from './handle-request';
import { otlpSchema } from './proto-schema';
import { receiverHandle } from './receiver-handle';
import { SpanStore } from './span-store';
import { hostPort, validateReceiverOptions } from './validate-options';
import type { OtlpReceiver, ReceiverOptions, ReceiverTlsOptions } from './types';

/**
 * Node closes an idle keep-alive connection after 5 s, and a client that was busy (or starved of CPU) for about that
 * long can send its next request on a socket the server is closing: "other side closed" / ECONNRESET. Exporters post
 * every few seconds over pooled sockets, so a receiver keeps idle connections well past that, as collectors behind
 * load balancers do; `stop()` closes them all at once.
 */
const KEEP_ALIVE_MS = 65_000;

function createServer(tls: ReceiverTlsOptions | undefined, listener: http.RequestListener) {
  const { cert, key, clientCa } = tls ?? {};
  const mutual =
    clientCa === undefined ? {} : { ca: clientCa, requestCert: true, rejectUnauthorized: true };
  const server =
    tls === undefined
      ? http.createServer(listener)
      : https.createServer({ cert, key, ...mutual }, listener);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed the keep-alive time, or Node ends a kept connection on its headers timer first.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts an in-process OTLP/HTTP trace receiver (protobuf and JSON, gzip or not) that keeps
 * every decoded span for assertions.
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<OtlpReceiver> {
  validateReceiverOptions('startReceiver', options);
  otlpSchema(); // a broken schema should fail here, not on the first export
  const store = new SpanStore({ retain: options.retain, onSpans: options.onSpans });
  const server = createServer(options.tls, (req, res) => {
    // Only a broken request stream gets here; the client is gone or will see the reset.
    handleRequest(req, res, store, options.respond, options.maxBodyBytes).catch(() =>
      res.destroy(),
    );
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 0);
  const scheme = options.tls === undefined ? 'http' : 'https';
  const url = `${scheme}://${hostPort(host, port)}`;
  return receiverHandle({
    url,
    tracesUrl: url + TRACES_PATH,
    port,
    store,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
