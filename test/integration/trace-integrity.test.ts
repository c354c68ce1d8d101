// The integrity check of @otelkit/testing on a real system: the demo's services (examples/microservices) driven
// through their main flows against a receiver in this process, then stopped so every span is flushed. This is the
// recipe of docs/keep-traces-from-breaking.md, run on the repository's own demo.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  assertTraceIntegrity,
  checkTraceIntegrity,
  startReceiver,
  type FixtureProcess,
  type OtlpReceiver,
  type ReceivedSpan,
  type TraceIntegrityOptions,
} from '@otelkit/testing';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'microservices');

interface DemoProcess {
  name: string;
  child: FixtureProcess;
}
interface DemoServices {
  startServices(o: {
    otlpUrl: string;
    databaseUrl: string;
    processes: DemoProcess[];
    log: (line: string) => void;
  }): Promise<Record<string, string>>;
  stopServices(processes: DemoProcess[]): Promise<void>;
  killServicesNow(processes: DemoProcess[]): void;
}
interface DemoTrace {
  missingParts(trace: ReceivedSpan[], providerUrl: string): string[];
}
// The example is plain CommonJS JavaScript.
const demo = require(path.join(EXAMPLE, 'lib', 'demo-services.js')) as DemoServices;
const demoTrace = require(path.join(EXAMPLE, 'lib', 'demo-trace.js')) as DemoTrace;
const prismaClient = require(path.join(EXAMPLE, 'scripts', 'generate-prisma-client.js')) as {
  generatePrismaClient(o: { quiet: boolean; log: (line: string) => void }): boolean;
};

/** What the demo guarantees, and what a team would require of its own services. */
const DEMO_RULES: TraceIntegrityOptions = {
  // Prisma connects at start-up and disconnects at shutdown, outside any request.
  allowRoots: { scope: 'prisma', name: /^prisma:client:(connect|disconnect)$/ },
  required: [
    // Express sets http.route on every routed request; url.path would hold too but says less (ids in paths).
    {
      kind: 'SERVER',
      attributes: ['http.route', 'http.request.method', 'http.response.status_code'],
    },
    // Not every ERROR span: express's request-handler spans record the exception and its message only.
    { kind: ['SERVER', 'CLIENT'], status: 'ERROR', attributes: ['error.type'] },
    {
      scope: 'prisma',
      name: 'prisma:client:db_query',
      attributes: ['db.system.name', 'db.query.text'],
    },
  ],
};

describe('trace integrity of the demo’s main flows', () => {
  const processes: DemoProcess[] = [];
  const dbFile = path.join(os.tmpdir(), `otelkit-integrity-${process.pid}.db`);
  let receiver: OtlpReceiver;
  let spans: ReceivedSpan[];
  const answers: number[] = [];

  beforeAll(async () => {
    if (!prismaClient.generatePrismaClient({ quiet: true, log: () => {} }))
      throw new Error('cannot generate the Prisma client of examples/microservices');
    receiver = await startReceiver();
    try {
      const urls = await demo.startServices({
        otlpUrl: receiver.url,
        databaseUrl: `file:${dbFile}`,
        processes,
        log: () => {},
      });
      const pay = async (token: string, orderId: string) => {
        const res = await fetch(`${urls.gateway}/pay`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ orderId, amountCents: 4999, currency: 'EUR' }),
        });
        await res.text();
        answers.push(res.status);
      };
      const orderId = `order-${Date.now()}`;
      await pay('demo-token', orderId); // a new payment: SELECT, provider call, INSERT
      await receiver.waitForTrace(
        (t) => demoTrace.missingParts(t, urls['payment-provider']).length === 0,
        {
          timeoutMs: 20_000,
        },
      );
      await pay('demo-token', orderId); // the same order again: answered from the database
      await pay('stolen-token', `${orderId}-x`); // auth refuses: the gateway answers 401
    } finally {
      // Stopping the services flushes their last spans (shutdown included) before they exit.
      await demo.stopServices(processes);
    }
    spans = receiver.spans.slice();
  }, 90_000);

  afterAll(async () => {
    demo.killServicesNow(processes);
    await receiver?.close();
    fs.rmSync(dbFile, { force: true });
  });

  test('the flows ran: a payment, a repeated payment, a refused token', () => {
    expect(answers).toEqual([200, 200, 401]);
  });

  test('assertTraceIntegrity passes on every span the services sent', () => {
    const report = assertTraceIntegrity(spans, DEMO_RULES);
    // 3 requests and Prisma's disconnect; Prisma's connect at start-up is a start-up trace, not exported (issue 20).
    expect(report.traceCount).toBe(4);
    // The ERROR rule was not vacuous: the refused token makes the gateway's call to auth an ERROR span.
    expect(spans.some((s) => s.kindName === 'CLIENT' && s.status.code === 2)).toBe(true);
  });

  test.each([
    [
      'the gateway’s calls to payment are lost: each payment SERVER span is an orphan',
      (all: ReceivedSpan[]) =>
        all.filter((s) => !(s.kindName === 'CLIENT' && s.attributes['url.path'] === '/charge')),
      [
        ['orphan', 'POST /charge'],
        ['orphan', 'POST /charge'],
      ],
    ],
    [
      'auth did not extract the context: every call to it has no SERVER child',
      (all: ReceivedSpan[]) =>
        all.map((s) =>
          s.serviceName !== 'auth'
            ? s
            : {
                ...s,
                // A trace of its own per request: the first hex digit changed (kept, one id in 16 would stay put).
                traceId: `${s.traceId[0] === '0' ? '1' : '0'}${s.traceId.slice(1)}`,
                parentSpanId: s.kindName === 'SERVER' ? undefined : s.parentSpanId,
              },
        ),
      [
        ['missing-server', 'POST'],
        ['missing-server', 'POST'],
        ['missing-server', 'POST'],
      ],
    ],
  ])('on the same spans, broken on purpose: %s', (_name, breakIt, expected) => {
    const report = checkTraceIntegrity(breakIt(spans), DEMO_RULES);
    expect(report.findings.map((f) => [f.kind, f.spanName])).toEqual(expected);
  });
});
