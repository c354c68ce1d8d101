import {
  startReceiver,
  type ReceivedRequest,
  type ReceiverResponse,
  type RespondContext,
} from '@otelkit/testing';

/** What a collector does with one decoded export request. */
export interface Misbehaviour {
  /**
   * Answers the request: a complete response to send, or a promise that settles once the answer is over (the
   * behaviour writes to `ctx` itself; the receiver sends nothing more after it).
   */
  answer(
    request: ReceivedRequest,
    ctx: RespondContext,
    every: Every,
  ): ReceiverResponse | undefined | Promise<void>;
  /**
   * True when this answer decides the export (a status line and headers the client can read, with a status that
   * does not ask for a retry): a span in such a request must never reach the collector again.
   */
  settles: boolean;
}

/** Runs `tick` every `millis` until the socket closes or the collector does. */
type Every = (socket: RespondContext['socket'], millis: number, tick: () => void) => void;

export interface LoopbackCollector {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  /** `127.0.0.1:<port>`, as lines name the endpoint. */
  hostPort: string;
  /** Export requests that arrived. */
  readonly requests: number;
  /** Distinct spans (traceId + spanId) received, whatever the answer. */
  distinctSpans(): number;
  /** Spans received again after a request whose answer settled them (see Misbehaviour.settles). */
  resentAfterSettled(): string[];
  close(): Promise<void>;
}

/**
 * A loopback OTLP/HTTP collector (the @otelkit/testing receiver, which decodes every request) that answers every
 * request with `behaviour`, and remembers which span identities came in which request.
 */
export async function startCollector(behaviour: Misbehaviour): Promise<LoopbackCollector> {
  /** Span identities per request, in arrival order, and whether the answer settled them. */
  const arrivals: Array<{ ids: string[]; settles: boolean }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const every: Every = (socket, millis, tick) => {
    const timer = setInterval(() => {
      if (!socket.destroyed) return tick();
      clearInterval(timer);
      timers.delete(timer);
    }, millis);
    timer.unref();
    timers.add(timer);
  };
  const receiver = await startReceiver({
    respond: (request, ctx) => {
      arrivals.push({
        ids: request.spans.map((span) => span.traceId + span.spanId),
        settles: behaviour.settles,
      });
      return behaviour.answer(request, ctx, every);
    },
  });
  return {
    url: receiver.url,
    hostPort: `127.0.0.1:${receiver.port}`,
    get requests() {
      return arrivals.length;
    },
    distinctSpans: () => new Set(arrivals.flatMap((a) => a.ids)).size,
    resentAfterSettled: () => {
      const settled = new Set<string>();
      const resent: string[] = [];
      for (const { ids, settles } of arrivals) {
        for (const id of ids) if (settled.has(id)) resent.push(id);
        if (settles) for (const id of ids) settled.add(id);
      }
      return resent;
    },
    close: () => {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      return receiver.close();
    },
  };
}

/** Settles when the connection closes: the answer is over, whoever ended it. */
const untilClosed = (ctx: RespondContext) =>
  new Promise<void>((resolve) => {
    if (ctx.socket.destroyed) resolve();
    else ctx.socket.once('close', () => resolve());
  });

export const healthy: Misbehaviour = { answer: () => undefined, settles: true };

/** 200, then body bytes as fast as the socket takes them, forever. */
export const endlessBody: Misbehaviour = {
  settles: true,
  answer: (_request, ctx) => {
    const res = ctx.response;
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    const chunk = Buffer.alloc(16 * 1024, 1);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
    return untilClosed(ctx);
  },
};

let fifty: Buffer | undefined;
/** 200 with a 50 MB body (made once, when first needed). */
export const fiftyMegabyteBody: Misbehaviour = {
  settles: true,
  answer: (_request, ctx) => {
    fifty ??= Buffer.alloc(50 * 1024 * 1024, 1);
    ctx.response.writeHead(200, { 'content-type': 'application/x-protobuf' });
    ctx.response.end(fifty);
    return untilClosed(ctx);
  },
};

/** 200 and a 1,000-byte content-length, then one byte every 100 ms. */
export const trickledBody: Misbehaviour = {
  settles: true,
  answer: (_request, ctx, every) => {
    ctx.response.writeHead(200, {
      'content-type': 'application/x-protobuf',
      'content-length': '1000',
    });
    every(ctx.socket, 100, () => ctx.response.write('x'));
    return untilClosed(ctx);
  },
};

/** A status line, then a header that grows one byte every 100 ms and never ends: no response is ever readable. */
export const trickledHeaders: Misbehaviour = {
  settles: false,
  answer: (_request, ctx, every) => {
    ctx.socket.write('HTTP/1.1 200 OK\r\nx-slow: ');
    every(ctx.socket, 100, () => ctx.socket.write('a'));
    return untilClosed(ctx);
  },
};

/** A complete answer with this status and headers (a 429/503 asks for a retry, so it settles nothing). */
export const status = (code: number, headers: Record<string, string> = {}): Misbehaviour => ({
  settles: code !== 429 && code !== 502 && code !== 503 && code !== 504,
  answer: () => ({ status: code, headers }),
});

/** The status line and headers (promising a body), a few body bytes, then the connection is cut. */
export const cutAfterStatus = (
  code: number,
  headers: Record<string, string> = {},
): Misbehaviour => ({
  settles: status(code).settles,
  answer: (_request, ctx) => {
    ctx.response.writeHead(code, { ...headers, 'content-length': '1000' });
    ctx.response.write('partial');
    setTimeout(() => ctx.socket.destroy(), 20).unref();
    return untilClosed(ctx);
  },
});

/** The connection is accepted and the request read; nothing is ever written. */
export const neverAnswers: Misbehaviour = {
  settles: false,
  answer: (_request, ctx) => untilClosed(ctx),
};

/** How many spans of a request a partial success rejects: half, rounded up. */
export const rejectedOf = (spans: number) => Math.ceil(spans / 2);

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/** ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } } in protobuf. */
function partialProto(rejected: number, message: string): Buffer {
  const text = Buffer.from(message);
  const inner = Buffer.concat([
    Buffer.from([0x08]),
    varint(rejected),
    Buffer.from([0x12]),
    varint(text.length),
    text,
  ]);
  return Buffer.concat([Buffer.from([0x0a]), varint(inner.length), inner]);
}

/** 200 with a partial_success rejecting half the request's spans, in protobuf. */
export const partialSuccessProto: Misbehaviour = {
  settles: true,
  answer: (request) => ({
    status: 200,
    headers: { 'content-type': 'application/x-protobuf' },
    body: partialProto(rejectedOf(request.spanCount), 'spans too old'),
  }),
};

/** 200 with a partial_success rejecting half the request's spans, in OTLP/JSON (int64 as a string). */
export const partialSuccessJson: Misbehaviour = {
  settles: true,
  answer: (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      partialSuccess: {
        rejectedSpans: String(rejectedOf(request.spanCount)),
        errorMessage: 'quota exceeded',
      },
    }),
  }),
};
