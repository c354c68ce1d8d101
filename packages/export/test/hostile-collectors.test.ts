import * as dc from 'node:diagnostics_channel';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { recording } from './helpers/recording-diagnostics';
import {
  OtelkitBatchSpanProcessor,
  OtlpExportError,
  reportExportEvents,
  type ExportEvent,
  OtlpHttpSpanExporter,
  type OtlpExportResult,
  type OtlpHttpExporterOptions,
} from '@otelkit/export';
import { MAX_RESPONSE_BYTES } from '../src/http/post';
import { buildCorpus } from './helpers/corpus';
import { exportOnce } from './helpers/export-with';
import { tracingWith, until } from './helpers/tracing';

const spans = buildCorpus().slice(0, 5);
const TIMEOUT = 300;
const options: OtlpHttpExporterOptions = {
  timeoutMillis: TIMEOUT,
  retry: { initialBackoffMillis: 5, maxBackoffMillis: 20, maxAttempts: 3 },
};

/** Answers one request; called once its body has arrived. */
type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Collector {
  url: string;
  /** Requests that reached the collector, and when. */
  arrivals: number[];
  /** Sockets the client closed or destroyed. */
  closedSockets: number;
  close(): Promise<void>;
}

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** A loopback collector whose n-th request is answered by `plan[n]`, and with a plain 200 past its end. */
async function collector(plan: Answer[] = []): Promise<Collector> {
  const arrivals: number[] = [];
  const state = { closedSockets: 0 };
  const server = http.createServer((req, res) => {
    const n = arrivals.push(performance.now()) - 1;
    req.socket.once('close', () => state.closedSockets++);
    req.resume();
    req.on('end', () => (plan[n] ?? ok)(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const c: Collector = {
    url: `http://127.0.0.1:${port}/v1/traces`,
    arrivals,
    get closedSockets() {
      return state.closedSockets;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  open.push(c);
  return c;
}

/** Trickling answers write on a timer, until their socket closes or the test ends. */
const timers = new Set<NodeJS.Timeout>();
afterEach(() => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
});
const every = (socket: Socket, millis: number, tick: () => void) => {
  const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : tick()), millis);
  timers.add(timer);
};

const ok: Answer = (_req, res) => res.end();
const status =
  (code: number, headers: Record<string, string> = {}): Answer =>
  (_req, res) =>
    res.writeHead(code, headers).end();
const endless: Answer = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/x-protobuf' });
  const chunk = Buffer.alloc(16 * 1024, 1);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
};
/** Made once: filling 50 MB inside the answer would spend the attempt's deadline before the status line. */
const FIFTY_MEGABYTES = Buffer.alloc(50 * 1024 * 1024, 1);
const fiftyMegabytes: Answer = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/x-protobuf' });
  res.flushHeaders();
  res.end(FIFTY_MEGABYTES);
};
const trickledBody: Answer = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '1000' });
  every(res.socket!, 100, () => res.write('x'));
};
const trickledHeaders: Answer = (req) => {
  req.socket.write('HTTP/1.1 200 OK\r\nx-slow: ');
  every(req.socket, 100, () => req.socket.write('a'));
};
/** The status line and headers (promising a body), then the connection is cut. */
const cut =
  (code: number, headers: Record<string, string> = {}): Answer =>
  (_req, res) => {
    res.writeHead(code, { ...headers, 'content-length': '1000' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 20);
  };
const neverAnswers: Answer = () => {};

/** An ExportTraceServiceResponse { partial_success { rejected_spans, error_message } } in protobuf. */
function partialProto(rejected: number, message: string): Buffer {
  const text = Buffer.from(message);
  const inner = Buffer.concat([Buffer.from([0x08, rejected, 0x12, text.length]), text]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}
const partial =
  (body: Buffer | string, contentType: string): Answer =>
  (_req, res) =>
    res.writeHead(200, { 'content-type': contentType }).end(body);

/** Bytes of response bodies that reached JavaScript in this process (whoever read them). */
let bytesRead = 0;
let largestChunk = 0;
const onRequest = (message: unknown) => {
  const { request } = message as { request: http.ClientRequest };
  request.on('response', (res: http.IncomingMessage) =>
    res.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
      largestChunk = Math.max(largestChunk, chunk.length);
    }),
  );
};
beforeAll(() => dc.subscribe('http.client.request.start', onRequest));
afterAll(() => dc.unsubscribe('http.client.request.start', onRequest));
beforeEach(() => {
  bytesRead = 0;
  largestChunk = 0;
});

type Expected =
  | { delivered: true; requests: number; rejected?: number }
  | { delivered: false; requests: number; cause: RegExp; errorType?: string };

/** [collector, its answers in order (then 200s), outcome, exporter options beyond `options`] */
const HOSTILE: Array<[string, Answer[], Expected, OtlpHttpExporterOptions?]> = [
  ['endless 200 body', [endless], { delivered: true, requests: 1 }],
  ['50 MB 200 body', [fiftyMegabytes], { delivered: true, requests: 1 }],
  ['200 body trickled 1 byte / 100 ms', [trickledBody], { delivered: true, requests: 1 }],
  ['headers trickled 1 byte / 100 ms', [trickledHeaders], { delivered: true, requests: 2 }],
  [
    'headers trickled on every attempt',
    [trickledHeaders, trickledHeaders, trickledHeaders],
    {
      delivered: false,
      requests: 3,
      cause: /^no complete answer within 300 ms$/,
      errorType: 'ETIMEDOUT',
    },
  ],
  [
    'accept and never answer',
    [neverAnswers, neverAnswers, neverAnswers],
    {
      delivered: false,
      requests: 3,
      cause: /^no complete answer within 300 ms$/,
      errorType: 'ETIMEDOUT',
    },
  ],
  [
    'Retry-After 99999999999999999999',
    [status(429, { 'retry-after': '99999999999999999999' })],
    {
      delivered: false,
      requests: 1,
      cause:
        /^HTTP 429: collector asked to retry after 9007199254741 s \(more than the 30 s otelkit waits\)$/,
      errorType: '429',
    },
  ],
  [
    'Retry-After in 2100',
    [status(503, { 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' })],
    {
      delivered: false,
      requests: 1,
      cause: /collector asked to retry after \d+ s \(more than the 30 s/,
    },
  ],
  [
    'Retry-After -5 (backoff)',
    [status(429, { 'retry-after': '-5' })],
    { delivered: true, requests: 2 },
  ],
  [
    'Retry-After 1.5 (backoff)',
    [status(429, { 'retry-after': '1.5' })],
    { delivered: true, requests: 2 },
  ],
  [
    'Retry-After garbage (backoff)',
    [status(503, { 'retry-after': 'soon!' })],
    { delivered: true, requests: 2 },
  ],
  ['200 cut after the headers', [cut(200)], { delivered: true, requests: 1 }],
  [
    '403 cut after the headers',
    [cut(403)],
    { delivered: false, requests: 1, cause: /^HTTP 403/, errorType: '403' },
  ],
  [
    '429 cut after the headers',
    [cut(429, { 'retry-after': '1' })],
    { delivered: true, requests: 2 },
  ],
  [
    'partial_success in protobuf',
    [partial(partialProto(2, 'spans too old'), 'application/x-protobuf')],
    { delivered: true, requests: 1, rejected: 2 },
  ],
  [
    'partial_success in JSON',
    [
      partial(
        '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"quota"}}',
        'application/json',
      ),
    ],
    { delivered: true, requests: 1, rejected: 3 },
    { protocol: 'http/json' },
  ],
];

describe('misbehaving collectors: each export ends once, with the outcome the status line decided', () => {
  // One argument, or jest takes the fourth parameter for a `done` callback when a row has three.
  test.each(HOSTILE)('%s', async (...row) => {
    const [, plan, expected, extra] = row;
    // The control: a healthy collector, same spans, same exporter settings.
    const healthy = await collector();
    const control = new OtlpHttpSpanExporter({ url: healthy.url, ...options, ...extra }, {});
    expect((await exportOnce(control, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(healthy.arrivals).toHaveLength(1);
    await control.shutdown();

    const hostile = await collector(plan);
    const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options, ...extra }, {});
    bytesRead = 0;
    const started = performance.now();
    const result: OtlpExportResult & ExportResult = await exportOnce(exporter, spans);
    const took = performance.now() - started;
    await exporter.shutdown();

    expect(hostile.arrivals).toHaveLength(expected.requests);
    // Every attempt ends by its deadline; a Retry-After of 1 s is the longest wait in the table.
    expect(took).toBeLessThan(expected.requests * (TIMEOUT + 100) + 1100);
    // No more of any body than the cap and the chunk that crossed it.
    expect(bytesRead).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + largestChunk);
    if (expected.delivered) {
      expect(result.error).toBeUndefined();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(result.rejectedSpans).toBe(expected.rejected);
    } else {
      expect(result.code).toBe(ExportResultCode.FAILED);
      const error = result.error as OtlpExportError;
      expect(error.reason).toMatch(expected.cause);
      if (expected.errorType) expect(error.errorType).toBe(expected.errorType);
    }
  });
});

test.each([
  [
    'endless 200 body',
    endless,
    /answered HTTP 200 with a body over 64 KiB \(the connection was dropped there\)/,
  ],
  ['50 MB 200 body', fiftyMegabytes, /answered HTTP 200 with a body over 64 KiB/],
  [
    '200 body trickled',
    trickledBody,
    /answered HTTP 200 with a body still arriving after 300 ms \(dropped\)/,
  ],
  ['200 cut after the status line', cut(200), /answered HTTP 200 with a body cut short \(/],
  ['a clean 200', ok, undefined],
])('%s: delivered, and one line names the endpoint and what was wrong', async (_, answer, line) => {
  const hostile = await collector([answer]);
  const lines: string[] = [];
  const exporter = new OtlpHttpSpanExporter(
    { url: hostile.url, ...options, diagnostics: recording(lines) },
    {},
  );
  expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
  await exporter.shutdown();
  if (line === undefined) expect(lines).toEqual([]);
  else {
    expect(lines).toEqual([expect.stringMatching(line)]);
    expect(lines[0]).toContain(`${hostile.url} (http/protobuf) answered`);
  }
});

test('an endless body: the socket is destroyed once the cap is read, and memory does not follow the body', async () => {
  const hostile = await collector([endless]);
  const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options }, {});
  expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
  await until(() => hostile.closedSockets === 1, 2000);
  const readWhenDone = bytesRead;
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(bytesRead).toBe(readWhenDone);
  expect(bytesRead).toBeGreaterThanOrEqual(MAX_RESPONSE_BYTES);
  expect(bytesRead).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + largestChunk);
  await exporter.shutdown();
});

test('a 429 cut after its headers still honours its Retry-After', async () => {
  const hostile = await collector([cut(429, { 'retry-after': '1' })]);
  const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options }, {});
  expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
  // The backoff is at most 20 ms: only the header explains a gap of a second.
  expect(hostile.arrivals[1] - hostile.arrivals[0]).toBeGreaterThanOrEqual(950);
  await exporter.shutdown();
});

test('no TimeoutOverflowWarning for any Retry-After', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    for (const value of ['99999999999999999999', 'Fri, 01 Jan 2100 00:00:00 GMT', '2147484']) {
      const hostile = await collector([status(429, { 'retry-after': value })]);
      const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options }, {});
      expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.FAILED);
      await exporter.shutdown();
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
});

describe('partial success through the processor', () => {
  const message = 'spans too old: token=abc123';
  test.each([
    ['protobuf', partial(partialProto(2, message), 'application/x-protobuf'), {}],
    [
      'JSON',
      partial(
        JSON.stringify({ partialSuccess: { rejectedSpans: 2, errorMessage: message } }),
        'application/json',
      ),
      { protocol: 'http/json' as const },
    ],
  ])(
    '%s: rejected spans count as rejected, the rest as exported, one masked line',
    async (...row) => {
      const [, answer, extra] = row;
      const hostile = await collector([answer]);
      const lines: string[] = [];
      const events: ExportEvent[] = [];
      const exporter = new OtlpHttpSpanExporter({ url: hostile.url, ...options, ...extra }, {});
      const reporter = reportExportEvents({
        diagnostics: recording(lines),
        target: hostile.url,
        undelivered: () => processor.stats().dropped.rejected,
      });
      const processor = new OtelkitBatchSpanProcessor(
        exporter,
        {
          scheduledDelayMillis: 10,
          onEvent: (event) => {
            events.push(event);
            reporter(event);
          },
        },
        {},
      );
      tracingWith(processor).endSpans(5);
      await until(() => events.length >= 2);
      expect(events).toEqual([
        { type: 'delivered', spans: 3 },
        {
          type: 'dropped',
          reason: 'rejected',
          spans: 2,
          of: 5,
          message: 'spans too old: token=***',
        },
      ]);
      expect(processor.stats()).toMatchObject({
        exported: 3,
        dropped: { rejected: 2 },
        failedExports: 0,
      });
      expect(lines).toEqual([
        `collector ${hostile.url} rejected 2 of 5 spans: spans too old: token=***; 2 spans not delivered since start`,
      ]);
      await processor.shutdown();
    },
  );
});
