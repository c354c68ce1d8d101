import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { groupByTrace } from './group-by-trace';
import { handleRequest, TRACES_PATH } from './handle-request';
import { otlpSchema } from './proto-schema';
import { SpanStore } from './span-store';
import type {
  OtlpReceiver,
  ReceiverOptions,
  ReceiverTlsOptions,
  SpansPredicate,
  WaitOptions,
} from './types';

function validate(options: ReceiverOptions): void {
  const { port, respond } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(
      `@otelkit/testing: startReceiver port must be an integer in [0, 65535], got ${port}`,
    );
  }
  if (respond !== undefined && typeof respond !== 'function') {
    throw new Error('@otelkit/testing: startReceiver respond must be a function');
  }
  const { tls } = options;
  if (
    tls !== undefined &&
    !(isPem(tls.cert) && isPem(tls.key) && (tls.clientCa === undefined || isPem(tls.clientCa)))
  ) {
    throw new Error(
      '@otelkit/testing: startReceiver tls needs cert and key (and any clientCa) as PEM strings or Buffers',
    );
  }
}

const isPem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value);

function createServer(tls: ReceiverTlsOptions | undefined, listener: http.RequestListener) {
  if (tls === undefined) return http.createServer(listener);
  const { cert, key, clientCa } = tls;
  const mutual =
    clientCa === undefined ? {} : { ca: clientCa, requestCert: true, rejectUnauthorized: true };
  return https.createServer({ cert, key, ...mutual }, listener);
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
  validate(options);
  otlpSchema(); // a broken schema should fail here, not on the first export
  const store = new SpanStore();
  const server = createServer(options.tls, (req, res) => {
    // Only a broken request stream gets here; the client is gone or will see the reset.
    handleRequest(req, res, store, options.respond).catch(() => res.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 0);
  const scheme = options.tls === undefined ? 'http' : 'https';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    tracesUrl: url + TRACES_PATH,
    port,
    spans: store.spans,
    requests: store.requests,
    waitForSpans(countOrPredicate: number | SpansPredicate, opts?: WaitOptions) {
      const what =
        typeof countOrPredicate === 'number'
          ? `waitForSpans(${countOrPredicate})`
          : 'waitForSpans(predicate)';
      const done =
        typeof countOrPredicate === 'number'
          ? (spans: typeof store.spans) => spans.length >= countOrPredicate
          : countOrPredicate;
      return store.wait(what, (spans) => (done(spans) ? spans.slice() : undefined), opts);
    },
    waitForTrace(predicate: SpansPredicate, opts?: WaitOptions) {
      const find = (spans: typeof store.spans) =>
        [...groupByTrace(spans).values()].find((trace) => predicate(trace));
      return store.wait('waitForTrace(predicate)', find, opts);
    },
    clear: () => store.clear(),
    close() {
      store.rejectAll('@otelkit/testing: receiver closed while waiting for spans');
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
