import { context, SpanKind, trace, type Span, type Tracer } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createDiagnostics } from '@otelkit/core';
import { ServingPhase } from '../src/lifecycle/serving-phase';
import { ContextLoss, MAX_LOSS_KEYS } from '../src/trace-shape/context-loss';
import { MAX_HELD_SPANS } from '../src/trace-shape/startup-traces';
import { TraceShapeProcessor } from '../src/trace-shape/trace-shape-processor';

// The processor in front of the export path, on a real SDK provider: what reaches the next processor, what is counted,
// and what is printed. `HTTP` stands for any instrumentation, `APP` for a tracer the app names itself.
const HTTP = '@opentelemetry/instrumentation-http';
const EXPRESS = '@opentelemetry/instrumentation-express';
const APP = 'checkout';

class Collect implements SpanProcessor {
  readonly ended: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

const WINDOW_MS = 30_000;

function setup(
  options: { exportStartup?: boolean; intervalMillis?: number; windowMillis?: number } = {},
) {
  const lines: string[] = [];
  const diag = createDiagnostics({ prefix: '@otelkit/node', write: (line) => lines.push(line) });
  const next = new Collect();
  const loss = new ContextLoss(diag, options.intervalMillis ?? 0);
  const shape = new TraceShapeProcessor(next, new ServingPhase(), loss, diag, {
    exportStartup: options.exportStartup ?? false,
    windowMillis: options.windowMillis ?? WINDOW_MS,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [shape] });
  afterTest.push(() => shape.shutdown());
  const tracer = (scope: string): Tracer => provider.getTracer(scope);
  const exported = () => next.ended.map((span) => span.name);
  return { lines, shape, loss, tracer, exported, provider };
}

type Setup = ReturnType<typeof setup>;

// Each processor's window timer is unref'd; shutting it down after the test clears it all the same.
const afterTest: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of afterTest.splice(0)) await stop();
});

/** A parentless instrumentation call: a start-up trace when made before the first request. */
function call({ tracer }: Setup, name = 'GET'): void {
  tracer(HTTP).startSpan(name, { kind: SpanKind.CLIENT }).end();
}

/** A request: a SERVER span, which ends start-up. */
function serve({ tracer }: Setup): void {
  tracer(HTTP).startSpan('GET /', { kind: SpanKind.SERVER }).end();
}

function child(parent: Span, tracer: Tracer, name: string): Span {
  return tracer.startSpan(name, {}, trace.setSpan(context.active(), parent));
}

describe('quiet start-up, a server: traces an instrumentation starts before the first request are dropped', () => {
  test.each<[string, (s: Setup) => void, string[]]>([
    [
      'an instrumentation root and its child, both ended during start-up',
      (s) => {
        const root = s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT });
        child(root, s.tracer('@opentelemetry/instrumentation-pg'), 'SELECT').end();
        root.end();
        serve(s);
      },
      ['GET /'],
    ],
    [
      'a child that ends after its root, after serving began',
      (s) => {
        const root = s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT });
        const late = child(root, s.tracer(HTTP), 'late');
        root.end();
        serve(s);
        late.end();
      },
      ['GET /'],
    ],
    [
      'a span of a tracer the app named itself is exported (the app asked for it)',
      (s) => {
        s.tracer(APP).startSpan('migrate').end();
        serve(s);
      },
      ['migrate', 'GET /'],
    ],
    [
      'a parentless instrumentation span after the first request is exported',
      (s) => {
        serve(s);
        s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT }).end();
      },
      ['GET /', 'GET'],
    ],
    [
      'a start-up call that reaches a server in the same process is a request, exported whole',
      (s) => {
        const call = s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT });
        const ctx = trace.setSpan(context.active(), call);
        s.tracer(HTTP).startSpan('GET /self', { kind: SpanKind.SERVER }, ctx).end();
        call.end();
      },
      ['GET /self', 'GET'],
    ],
    [
      'a start-up call whose child ended before the call reached a server in the same process: exported whole',
      (s) => {
        const call = s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT });
        child(call, s.tracer('@opentelemetry/instrumentation-dns'), 'lookup').end();
        const ctx = trace.setSpan(context.active(), call);
        s.tracer(HTTP).startSpan('GET /self', { kind: SpanKind.SERVER }, ctx).end();
        call.end();
      },
      ['lookup', 'GET /self', 'GET'],
    ],
    [
      'a consumed message ends start-up like a request',
      (s) => {
        s.tracer('@opentelemetry/instrumentation-amqplib')
          .startSpan('orders process', { kind: SpanKind.CONSUMER })
          .end();
        s.tracer(HTTP).startSpan('POST', { kind: SpanKind.CLIENT }).end();
      },
      ['orders process', 'POST'],
    ],
  ])('%s', (_title, run, expected) => {
    const s = setup();
    run(s);
    expect(s.exported()).toEqual(expected);
  });

  test('held until serving begins, then counted in stats(), and one line', () => {
    const s = setup();
    for (let i = 0; i < 50; i++) {
      const root = s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT });
      child(root, s.tracer(HTTP), 'connect').end();
      root.end();
    }
    expect(s.shape.stats()).toEqual({
      serving: false,
      rootTracesNotExported: 0,
      spansNotExported: 0,
      spansHeld: 100,
    });
    expect(s.exported()).toEqual([]);
    serve(s);
    expect(s.shape.stats()).toEqual({
      serving: true,
      rootTracesNotExported: 50,
      spansNotExported: 100,
      spansHeld: 0,
    });
    expect(s.exported()).toEqual(['GET /']);
    expect(s.lines).toEqual([
      expect.stringMatching(
        /^@otelkit\/node: 50 start-up root traces not exported .*OTELKIT_EXPORT_STARTUP_SPANS=true exports them$/,
      ),
    ]);
  });

  test('the switch exports them all as they end, and nothing is printed', () => {
    const s = setup({ exportStartup: true });
    for (let i = 0; i < 50; i++) call(s);
    expect(s.exported()).toHaveLength(50);
    serve(s);
    expect(s.exported()).toHaveLength(51);
    expect(s.shape.stats().rootTracesNotExported).toBe(0);
    expect(s.lines).toEqual([]);
  });
});

describe('quiet start-up, a job: a process that does not serve exports its held traces, in the order they ended', () => {
  /** Start-up work of a job: two calls (one with a child that ends first) and a span of its own tracer in between. */
  function work(s: Setup): void {
    const first = s.tracer(HTTP).startSpan('GET 1', { kind: SpanKind.CLIENT });
    child(first, s.tracer('@opentelemetry/instrumentation-pg'), 'SELECT').end();
    first.end();
    s.tracer(APP).startSpan('own step').end();
    call(s, 'GET 2');
  }
  const jobExports = ['own step', 'SELECT', 'GET 1', 'GET 2'];

  test.each<[string, (s: Setup) => Promise<void> | void]>([
    ['it shuts down (a signal, the loop empties, otel.shutdown())', (s) => s.provider.shutdown()],
    ['it flushes (otel.forceFlush(), a signal the app handles)', (s) => s.provider.forceFlush()],
    [
      "it exits (process.exit(): the exit hook's synchronous flush)",
      (s) => s.shape.treatAsJob('before exit'),
    ],
    [
      `the window passes (${WINDOW_MS} ms from start)`,
      () => void jest.advanceTimersByTime(WINDOW_MS),
    ],
  ])('%s', async (_title, decide) => {
    jest.useFakeTimers();
    try {
      const s = setup();
      work(s);
      expect(s.exported()).toEqual(['own step']);
      jest.advanceTimersByTime(WINDOW_MS - 1);
      expect(s.exported()).toEqual(['own step']);
      await decide(s);
      expect(s.exported()).toEqual(jobExports);
      expect(s.shape.stats()).toEqual({
        serving: false,
        rootTracesNotExported: 0,
        spansNotExported: 0,
        spansHeld: 0,
      });
      expect(s.lines).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  test(`the hold is full (${MAX_HELD_SPANS} spans): all go at once, and later calls as they end`, () => {
    const s = setup();
    for (let i = 0; i < MAX_HELD_SPANS - 1; i++) call(s);
    expect(s.exported()).toHaveLength(0);
    call(s);
    expect(s.exported()).toHaveLength(MAX_HELD_SPANS);
    call(s, 'later');
    expect(s.exported()).toHaveLength(MAX_HELD_SPANS + 1);
    expect(s.shape.stats().spansHeld).toBe(0);
  });

  test('decided for good: a held trace that ends later, new calls and a later first request are all exported', () => {
    jest.useFakeTimers();
    try {
      const s = setup();
      const root = s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT });
      const late = child(root, s.tracer(HTTP), 'late');
      root.end();
      jest.advanceTimersByTime(WINDOW_MS);
      late.end();
      call(s, 'after the window');
      serve(s);
      call(s, 'after the request');
      expect(s.exported()).toEqual([
        'GET',
        'late',
        'after the window',
        'GET /',
        'after the request',
      ]);
      expect(s.shape.stats()).toMatchObject({ serving: true, rootTracesNotExported: 0 });
      expect(s.lines).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a window of 0 holds nothing', () => {
    const s = setup({ windowMillis: 0 });
    call(s);
    expect(s.exported()).toEqual(['GET']);
    serve(s);
    expect(s.lines).toEqual([]);
  });
});

describe('context loss: parentless spans that normally run inside a request, after start-up', () => {
  const db = { 'db.system.name': 'postgresql' };
  test.each<[string, string, SpanKind, Record<string, string>, boolean]>([
    ['an HTTP client span', HTTP, SpanKind.CLIENT, {}, true],
    ['a producer span', '@opentelemetry/instrumentation-kafkajs', SpanKind.PRODUCER, {}, true],
    ['a framework middleware span', EXPRESS, SpanKind.INTERNAL, {}, true],
    [
      'an INTERNAL database span',
      '@opentelemetry/instrumentation-mongoose',
      SpanKind.INTERNAL,
      db,
      true,
    ],
    ['a Prisma client span', 'prisma', SpanKind.CLIENT, {}, true],
    ['a SERVER span (a request is a root)', HTTP, SpanKind.SERVER, {}, false],
    ['a CONSUMER span', '@opentelemetry/instrumentation-amqplib', SpanKind.CONSUMER, {}, false],
    [
      'an INTERNAL span of a non-framework instrumentation',
      '@opentelemetry/instrumentation-fs',
      SpanKind.INTERNAL,
      {},
      false,
    ],
    ["a CLIENT span of the app's own tracer", APP, SpanKind.CLIENT, {}, false],
  ])('%s', (_title, scope, kind, attributes, counted) => {
    const s = setup();
    serve(s);
    s.tracer(scope).startSpan('op', { kind, attributes }).end();
    expect(s.loss.stats()).toEqual(counted ? [{ scope, name: 'op', count: 1 }] : []);
  });

  test.each<[string, (s: Setup) => void]>([
    [
      'a client span with a parent',
      (s) => {
        const server = s.tracer(HTTP).startSpan('GET /', { kind: SpanKind.SERVER });
        child(server, s.tracer(HTTP), 'GET').end();
        server.end();
      },
    ],
    [
      'a parentless client span during start-up',
      (s) => {
        s.tracer(HTTP).startSpan('GET', { kind: SpanKind.CLIENT }).end();
        serve(s);
      },
    ],
  ])('not counted: %s', (_title, run) => {
    const s = setup({ intervalMillis: 10 });
    run(s);
    expect(s.loss.stats()).toEqual([]);
  });

  test(`at most ${MAX_LOSS_KEYS} scope and name pairs; the rest are counted as "other"`, () => {
    const s = setup();
    serve(s);
    for (let i = 0; i < MAX_LOSS_KEYS + 50; i++)
      s.tracer(HTTP).startSpan(`GET ${i}`, { kind: SpanKind.CLIENT }).end();
    const stats = s.loss.stats();
    expect(stats).toHaveLength(MAX_LOSS_KEYS + 1);
    expect(stats[0]).toEqual({ scope: 'other', name: 'other', count: 50 });
  });

  test('one line per interval names the top offenders of that interval and the troubleshooting section', () => {
    jest.useFakeTimers();
    try {
      const s = setup({ intervalMillis: 1000 });
      serve(s);
      const lose = (name: string, times: number) => {
        for (let i = 0; i < times; i++)
          s.tracer(HTTP).startSpan(name, { kind: SpanKind.CLIENT }).end();
      };
      lose('GET', 5);
      lose('POST', 2);
      expect(s.lines).toEqual([]);
      jest.advanceTimersByTime(1000);
      expect(s.lines).toEqual([
        '@otelkit/node: 7 spans started without a parent after start-up, from instrumentations that run inside ' +
          `requests (context lost?): "GET" (${HTTP}) ×5, "POST" (${HTTP}) ×2. Causes and fixes: ` +
          'docs/troubleshooting.md#spans-without-a-parent-after-start-up',
      ]);
      jest.advanceTimersByTime(5000);
      expect(s.lines).toHaveLength(1); // nothing new lost: no line
      lose('PUT', 1);
      jest.advanceTimersByTime(1000);
      expect(s.lines[1]).toMatch(/: 1 spans started without a parent .*"PUT" .* ×1\. Causes/);
      expect(s.loss.stats().map((e) => e.count)).toEqual([5, 2, 1]);
    } finally {
      jest.useRealTimers();
    }
  });
});
