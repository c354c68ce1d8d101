import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  OtelkitBatchSpanProcessor,
  OtlpHttpSpanExporter,
  type ExportEvent,
  type OtlpHttpExporterOptions,
} from '@otelkit/export';
import { buildCorpus } from './helpers/corpus';
import { tracingWith, until } from './helpers/tracing';

const spans = buildCorpus().slice(0, 5);

/** How a loopback collector treats a request once it has read it. */
type Behaviour = 'never-answers' | 'retry-in-20-s';

interface Collector {
  url: string;
  /** Connections open now: one the exporter gave up on must not stay open. */
  openSockets: number;
  close(): Promise<void>;
}

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function collector(behaviour: Behaviour): Promise<Collector> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', () => {
      if (behaviour === 'retry-in-20-s') {
        socket.write(
          'HTTP/1.1 503 Service Unavailable\r\nretry-after: 20\r\ncontent-length: 0\r\n\r\n',
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const c: Collector = {
    url: `http://127.0.0.1:${port}/v1/traces`,
    get openSockets() {
      return sockets.size;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  open.push(c);
  return c;
}

/** The exporter's own timeout is far away: only an abort ends these exports in time. */
const options: OtlpHttpExporterOptions = {
  timeoutMillis: 20_000,
  retry: { initialBackoffMillis: 5, maxBackoffMillis: 20, maxAttempts: 5 },
};

describe('an export the caller aborts ends now and calls back once', () => {
  test.each<[Behaviour, string]>([
    ['never-answers', 'its request is destroyed'],
    ['retry-in-20-s', 'its retry wait ends'],
  ])('collector %s: %s', async (behaviour) => {
    const hostile = await collector(behaviour);
    const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options }, {});
    const results: ExportResult[] = [];
    const controller = new AbortController();
    exporter.export(spans, (result) => results.push(result), controller.signal);
    await until(() => hostile.openSockets === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const aborted = performance.now();
    controller.abort();
    await until(() => results.length === 1, 1000);
    expect(performance.now() - aborted).toBeLessThan(500);
    expect(results[0].code).toBe(ExportResultCode.FAILED);
    await exporter.forceFlush();
    if (behaviour === 'never-answers') await until(() => hostile.openSockets === 0, 1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(results).toHaveLength(1);
    await exporter.shutdown();
  });
});

describe('the processor gives up on an export: its request goes too', () => {
  test.each([
    ['http/protobuf (requests built as spans end)', {}],
    ['http/json (whole batches)', { protocol: 'http/json' as const }],
  ])('%s', async (_name, extra) => {
    const hostile = await collector('never-answers');
    const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options, ...extra }, {});
    const events: ExportEvent[] = [];
    const processor = new OtelkitBatchSpanProcessor(
      exporter,
      { scheduledDelayMillis: 10, exportTimeoutMillis: 300, onEvent: (e) => events.push(e) },
      {},
    );
    tracingWith(processor).endSpans(5);
    await until(() => hostile.openSockets === 1);
    await until(() => events.length > 0, 2000);
    expect(events).toEqual([{ type: 'dropped', reason: 'export_timeout', spans: 5 }]);
    // Without the abort the socket and the batch's bytes live until the exporter's 20 s timeout.
    await until(() => hostile.openSockets === 0, 1000);
    const flushed = performance.now();
    await exporter.forceFlush();
    expect(performance.now() - flushed).toBeLessThan(500);
    await processor.shutdown();
  });
});
