import type { AddressInfo } from 'node:net';
import type * as http from 'node:http';
import { startReceiver } from '@otelkit/testing';
import { isLoopback } from './host-check';
import { LiveUpdates } from './live-updates';
import { loadStaticFiles } from './static-files';
import { TraceStore } from './trace-store';
import { createUiServer } from './ui-server';
import { resolveViewerOptions } from './validate-options';
import type { Viewer, ViewerOptions } from './types';

// A collector's default limit for one OTLP request; larger bodies get 413 before they are buffered.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
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
 * Starts `otelkit view`: an OTLP/HTTP receiver (protobuf or JSON, gzip) that keeps the most recent
 * traces within `maxSpans`, and the web UI that shows them. Rejects when a port is taken.
 */
export async function startViewer(options: ViewerOptions = {}): Promise<Viewer> {
  const { port, uiPort, host, maxSpans } = resolveViewerOptions(options);
  const files = loadStaticFiles();
  const store = new TraceStore(maxSpans);
  const live = new LiveUpdates(() => store.stats());
  const receiver = await startReceiver({
    host,
    port,
    retain: false,
    maxBodyBytes: MAX_BODY_BYTES,
    onSpans: (spans) => {
      store.add(spans);
      live.changed();
    },
  });
  const ui = createUiServer({
    store,
    live,
    files,
    otlpUrl: receiver.url,
    loopbackOnly: isLoopback(host),
  });
  let boundUiPort: number;
  try {
    boundUiPort = await listen(ui, host, uiPort);
  } catch (err) {
    await receiver.close();
    live.close();
    throw err;
  }
  // A wildcard address is where to listen, not where to connect: local clients use localhost.
  const uiHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    otlpUrl: `http://${hostPort(uiHost, receiver.port)}`,
    uiUrl: `http://${hostPort(uiHost, boundUiPort)}`,
    stats: () => store.stats(),
    async close() {
      live.close();
      await Promise.all([
        receiver.close(),
        new Promise<void>((resolve) => {
          ui.close(() => resolve());
          ui.closeAllConnections();
        }),
      ]);
    },
  };
}
