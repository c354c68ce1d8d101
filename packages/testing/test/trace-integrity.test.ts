import {
  assertTraceIntegrity,
  checkTraceIntegrity,
  renderWaterfall,
  type ReceivedSpan,
  type TraceIntegrityOptions,
} from '@otelkit/testing';
import { demoSpans } from './helpers/demo-spans';
import { makeSpan, TRACE_B, type SpanSpec } from './helpers/make-span';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the assertion to throw');
}

const span = (spec: SpanSpec, extra: Partial<ReceivedSpan> = {}): ReceivedSpan => ({
  ...makeSpan(spec),
  ...extra,
});

/** frontend GET /checkout → CLIENT POST payments:8080 → payments SERVER POST /payments. */
function httpCall(server: Partial<SpanSpec> = {}, client: Partial<SpanSpec> = {}): ReceivedSpan[] {
  return [
    span({ name: 'GET /checkout', id: '1', kind: 'SERVER', service: 'frontend', end: 100 }),
    span({
      name: 'POST',
      id: '2',
      parent: '1',
      kind: 'CLIENT',
      service: 'frontend',
      start: 10,
      end: 60,
      attributes: { 'server.address': 'payments', 'server.port': 8080 },
      ...client,
    }),
    span({
      name: 'POST /payments',
      id: '3',
      parent: '2',
      kind: 'SERVER',
      service: 'payments',
      start: 15,
      end: 55,
      attributes: { 'server.address': 'payments', 'server.port': 8080, 'http.route': '/payments' },
      ...server,
    }),
  ];
}

/** The same call after propagation broke: the callee's SERVER span starts a trace of its own. */
const brokenCall = (server: Partial<SpanSpec> = {}, client: Partial<SpanSpec> = {}) =>
  httpCall({ trace: TRACE_B, parent: undefined, ...server }, client);

const producer = (attributes = { 'messaging.destination.name': 'orders' }) =>
  span({
    name: 'orders publish',
    id: 'p',
    parent: '1',
    kind: 'PRODUCER',
    service: 'frontend',
    attributes,
  });
const consumer = (extra: Partial<SpanSpec> = {}, links: ReceivedSpan['links'] = []) =>
  span(
    {
      name: 'orders process',
      id: 'c',
      kind: 'CONSUMER',
      service: 'worker',
      trace: TRACE_B,
      attributes: { 'messaging.destination.name': 'orders' },
      ...extra,
    },
    { links },
  );
const linkTo = (s: ReceivedSpan) => ({
  traceId: s.traceId,
  spanId: s.spanId,
  attributes: {},
  droppedAttributesCount: 0,
});
const entry = () => span({ name: 'GET /checkout', id: '1', kind: 'SERVER', service: 'frontend' });

type Expected = [kind: string, spanName: string, service: string][];

const findingsOf = (spans: ReceivedSpan[], options?: TraceIntegrityOptions): Expected =>
  checkTraceIntegrity(spans, options).findings.map((f) => [f.kind, f.spanName, f.service ?? '?']);

describe('checkTraceIntegrity finds each broken shape', () => {
  const cases: [string, () => ReceivedSpan[], TraceIntegrityOptions, Expected][] = [
    ['a connected call is clean', () => httpCall(), {}, []],
    [
      'orphan: the caller span that the SERVER span names never arrived',
      () => httpCall().filter((s) => s.kindName !== 'CLIENT'),
      {},
      [['orphan', 'POST /payments', 'payments']],
    ],
    [
      'multiple-roots: two spans without a parent share one trace id',
      () => [...httpCall(), span({ name: 'GET /health', id: '9', kind: 'SERVER', start: 200 })],
      {},
      [['multiple-roots', 'GET /health', 'svc']],
    ],
    [
      'unexpected-root: a database span that lost the request context starts its own trace',
      () => [
        ...httpCall(),
        span({
          name: 'SELECT orders',
          id: '9',
          kind: 'CLIENT',
          trace: TRACE_B,
          service: 'payments',
        }),
      ],
      {},
      [['unexpected-root', 'SELECT orders', 'payments']],
    ],
    [
      'unexpected-root: an INTERNAL start-up span',
      () => [...httpCall(), span({ name: 'prisma:client:connect', id: '9', trace: TRACE_B })],
      {},
      [['unexpected-root', 'prisma:client:connect', 'svc']],
    ],
    [
      'allowRoots accepts the start-up span',
      () => [...httpCall(), span({ name: 'prisma:client:connect', id: '9', trace: TRACE_B })],
      { allowRoots: /^prisma:client:connect$/ },
      [],
    ],
    [
      'allowRoots accepts an entry span whose caller is outside the test',
      () => httpCall().filter((s) => s.serviceName === 'payments'),
      { allowRoots: { kind: 'SERVER', service: 'payments' } },
      [],
    ],
    [
      'rootKinds widens what may start a trace',
      () => [span({ name: 'nightly job', id: '1', kind: 'INTERNAL' })],
      { rootKinds: ['SERVER', 'INTERNAL'] },
      [],
    ],
    [
      'missing-server: server.address/server.port of the CLIENT span match the callee',
      () => brokenCall(),
      {},
      [['missing-server', 'POST', 'frontend']],
    ],
    [
      'missing-server: url.full against the callee, loopback names folded together',
      () =>
        brokenCall(
          { attributes: { 'server.address': '127.0.0.1', 'server.port': 4001 } },
          { attributes: { 'url.full': 'http://localhost:4001/payments' } },
        ),
      {},
      [['missing-server', 'POST', 'frontend']],
    ],
    [
      'missing-server: older conventions (http.url and net.peer.*, against http.host and net.host.*)',
      () => [
        ...brokenCall(
          { attributes: { 'http.host': 'payments:8080' } },
          { attributes: { 'http.url': 'http://payments:8080/payments' } },
        ),
        ...brokenCall(
          {
            id: '5',
            trace: 'c'.repeat(32),
            attributes: { 'net.host.name': 'auth', 'net.host.port': 9000 },
          },
          { id: '4', attributes: { 'net.peer.name': 'auth', 'net.peer.port': 9000 } },
        ).slice(1),
      ],
      {},
      [
        ['missing-server', 'POST', 'frontend'],
        ['missing-server', 'POST', 'frontend'],
      ],
    ],
    [
      'missing-server: the callee recorded only its port',
      () => brokenCall({ attributes: { 'net.host.port': 8080 } }),
      {},
      [['missing-server', 'POST', 'frontend']],
    ],
    [
      'missing-server: the host called is a service name of the test (docker compose)',
      () => brokenCall({ attributes: {} }, { attributes: { 'url.full': 'http://payments/pay' } }),
      {},
      [['missing-server', 'POST', 'frontend']],
    ],
    [
      'a call to a service outside the test (a third-party API, a database) is not judged',
      () => brokenCall({}, { attributes: { 'url.full': 'https://api.stripe.com/v1/charges' } }),
      {},
      [],
    ],
    [
      'a client library span around the transport span is answered through it',
      () => {
        const [root, inner, server] = httpCall();
        const outer = span({
          name: 'PaymentsApi.charge',
          id: '7',
          parent: '1',
          kind: 'CLIENT',
          service: 'frontend',
        });
        const wrapped = {
          ...outer,
          attributes: { 'server.address': 'payments', 'server.port': 8080 },
        };
        return [root, wrapped, { ...inner, parentSpanId: wrapped.spanId }, server];
      },
      {},
      [],
    ],
    [
      'missing-consumer: the message reached a consumer of the test without the trace context',
      () => [entry(), producer(), consumer()],
      {},
      [['missing-consumer', 'orders publish', 'frontend']],
    ],
    [
      'a consumer that links to the producer is fine',
      () => {
        const p = producer();
        return [entry(), p, consumer({}, [linkTo(p)])];
      },
      {},
      [],
    ],
    [
      'a consumer that is the producer’s child is fine',
      () => [entry(), producer(), consumer({ trace: undefined, parent: 'p' })],
      {},
      [],
    ],
    [
      'a destination nobody consumes in the test is not judged',
      () => [entry(), producer({ 'messaging.destination.name': 'audit' }), consumer()],
      {},
      [],
    ],
    [
      'missing-attributes: by kind',
      () => httpCall(),
      { required: [{ kind: 'SERVER', attributes: ['http.route'] }] },
      [['missing-attributes', 'GET /checkout', 'frontend']],
    ],
    [
      'missing-attributes: by status, name and scope',
      () => [
        span({ name: 'GET /a', id: '1', kind: 'SERVER', error: true }),
        span({
          name: 'SELECT a',
          id: '2',
          parent: '1',
          kind: 'CLIENT',
          attributes: { 'db.system': 'pg' },
        }),
      ],
      {
        required: [
          { status: 'ERROR', attributes: ['error.type'] },
          { name: /^SELECT/, scope: 'test', attributes: ['db.system', 'db.query.text'] },
          { scope: 'other', attributes: ['never'] },
        ],
      },
      [
        ['missing-attributes', 'GET /a', 'svc'],
        ['missing-attributes', 'SELECT a', 'svc'],
      ],
    ],
    [
      'ignore drops the findings about a span, which still counts as a parent',
      () => [...httpCall(), span({ name: 'warmup', id: '9', kind: 'CLIENT', trace: TRACE_B })],
      { ignore: 'warmup', required: [{ name: 'warmup', attributes: ['x'] }] },
      [],
    ],
    [
      'skip turns a check off',
      () => [...brokenCall(), span({ name: 'tick', id: '9', trace: 'c'.repeat(32) })],
      { skip: ['missing-server', 'unexpected-root'] },
      [],
    ],
  ];

  test.each(cases)('%s', (_name, spans, options, expected) => {
    expect(findingsOf(spans(), options)).toEqual(expected);
  });
});

describe('required attributes', () => {
  const server = (attributes: ReceivedSpan['attributes']) => [
    span({ name: 'GET /a', id: '1', kind: 'SERVER', attributes }),
  ];
  const rule = { kind: 'SERVER' as const, attributes: ['enduser.id', ['url.path', 'http.target']] };

  test.each([
    ['all present', { 'enduser.id': 'u1', 'url.path': '/a' }, []],
    ['the older name of an alternative', { 'enduser.id': 'u1', 'http.target': '/a' }, []],
    ['one missing', { 'url.path': '/a' }, ['enduser.id']],
    [
      "'' and null count as missing",
      { 'enduser.id': '', 'url.path': null },
      ['enduser.id', 'url.path|http.target'],
    ],
  ])('%s', (_name, attributes, missing) => {
    const [found] = checkTraceIntegrity(server(attributes), { required: [rule] }).findings;
    expect(found?.missingAttributes ?? []).toEqual(missing);
  });

  test('one finding per span names every rule it fails', () => {
    const report = checkTraceIntegrity(server({}), {
      required: [rule, { name: 'GET /a', attributes: ['http.route'] }],
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].message).toBe(
      `SERVER "GET /a" [svc] lacks enduser.id, url.path|http.target, http.route ` +
        `(required[0] { kind: 'SERVER' }; required[1] { name: 'GET /a' })`,
    );
  });
});

describe('a real run: the demo’s spans (examples/microservices), decoded by the receiver', () => {
  const DEMO: TraceIntegrityOptions = {
    allowRoots: { scope: 'prisma', name: /^prisma:client:(connect|disconnect)$/ },
    required: [{ kind: 'SERVER', attributes: ['http.route', 'http.response.status_code'] }],
  };
  const isCall = (path: string) => (s: ReceivedSpan) =>
    s.kindName === 'CLIENT' && s.attributes['url.path'] === path;

  test('is clean', () => {
    expect(checkTraceIntegrity(demoSpans(), DEMO)).toEqual({
      ok: true,
      findings: [],
      spanCount: 22,
      traceCount: 3,
    });
  });

  test('without allowRoots, the start-up and shutdown traces of Prisma are unexpected roots', () => {
    expect(findingsOf(demoSpans())).toEqual([
      ['unexpected-root', 'prisma:client:connect', 'payment'],
      ['unexpected-root', 'prisma:client:disconnect', 'payment'],
    ]);
  });

  test.each([
    [
      'the gateway’s call to payment lost: payment’s SERVER span is an orphan',
      (spans: ReceivedSpan[]) => spans.filter((s) => !isCall('/charge')(s)),
      [['orphan', 'POST /charge', 'payment']],
    ],
    [
      'notification did not extract the context: its SERVER span starts a new trace',
      (spans: ReceivedSpan[]) =>
        spans.map((s) =>
          s.serviceName === 'notification'
            ? {
                ...s,
                traceId: 'f'.repeat(32),
                parentSpanId: s.kindName === 'SERVER' ? undefined : s.parentSpanId,
              }
            : s,
        ),
      [['missing-server', 'POST', 'gateway']],
    ],
  ])('%s', (_name, breakIt, expected) => {
    expect(findingsOf(breakIt(demoSpans()), DEMO)).toEqual(expected);
  });
});

describe('assertTraceIntegrity', () => {
  test('returns the report when the spans are clean', () => {
    expect(assertTraceIntegrity(httpCall()).ok).toBe(true);
  });

  test('throws a report: numbered problems, repeats counted, broken traces drawn with the spans marked', () => {
    const TRACE_D = 'd'.repeat(32);
    const spans = [
      ...brokenCall(),
      // The same broken call in a second request.
      span({
        name: 'GET /checkout',
        id: '11',
        kind: 'SERVER',
        service: 'frontend',
        trace: TRACE_D,
      }),
      ...brokenCall(
        { id: '13', trace: 'c'.repeat(32) },
        { id: '12', trace: TRACE_D, parent: '11' },
      ).slice(1),
      span({ name: 'tick', id: '9', trace: 'e'.repeat(32), service: 'payments' }),
    ];
    const message = messageOf(() =>
      assertTraceIntegrity(spans, { required: [{ kind: 'SERVER', attributes: ['http.route'] }] }),
    );
    const [report, drawn] = message.split('\n\n', 2);
    expect(report.split('\n')).toEqual([
      'assertTraceIntegrity: 5 problem(s) in 3 of 5 trace(s) (7 spans)',
      `  - [1] missing-attributes (×2): SERVER "GET /checkout" [frontend] lacks http.route (required[0] { kind: 'SERVER' })`,
      '  - [2] missing-server (×2): CLIENT "POST" [frontend] called payments:8080 (service payments) but has no ' +
        'SERVER child: the callee did not continue the trace (context not sent, or not extracted)',
      '  - [3] unexpected-root: INTERNAL "tick" [payments] (scope test) starts a trace, but traces should start at ' +
        "a SERVER or CONSUMER span: it probably ran outside the request's context (allowRoots accepts start-up " +
        'and background work)',
    ]);
    const lines = message.slice(report.length + 2).split('\n');
    expect(lines[0]).toBe('Broken traces (2 of 3 drawn; ✗ [n] marks the spans of problem n):');
    expect(lines[1]).toMatch(/^Trace a{32} · 2 span\(s\)/);
    expect(lines[2]).toMatch(/^GET \/checkout \[frontend\] SERVER +✗ \[1\] +100\.0 ms \|/);
    expect(lines[3]).toMatch(/^ {2}POST \[frontend\] CLIENT +✗ \[2\] +50\.0 ms \|/);
    expect(lines[4]).toBe('');
    expect(lines[5]).toMatch(/^Trace e{32} · 1 span\(s\)/);
    expect(lines[6]).toMatch(/^tick \[payments\] INTERNAL +✗ \[3\] /);
    expect(lines).toHaveLength(7);
    expect(drawn).toBeDefined();
    expect(message).not.toContain('\x1b[');
  });

  test('maxTraces bounds the traces drawn, never the problems listed', () => {
    const spans = [0, 1, 2, 3].map((i) =>
      span({ name: `job ${i}`, id: '1', trace: String(i).repeat(32) }),
    );
    const message = messageOf(() => assertTraceIntegrity(spans, { maxTraces: 1 }));
    expect(message.match(/^ {2}- \[\d\] unexpected-root/gm)).toHaveLength(4);
    expect(message).toContain('Broken traces (1 of 4 drawn;');
    expect(message.match(/^Trace /gm)).toHaveLength(1);
  });

  test('a long trace is drawn as the marked spans, their ancestors and children', () => {
    const chain = Array.from({ length: 50 }, (_, i) =>
      span({
        name: `step ${i}`,
        id: String(i + 1),
        parent: i === 0 ? undefined : String(i),
        kind: i === 0 ? 'SERVER' : 'INTERNAL',
      }),
    );
    const spans = [...chain, span({ name: 'lost', id: '99', parent: 'dead', start: 5 })];
    const message = messageOf(() => assertTraceIntegrity(spans));
    expect(message).toMatch(
      /traces over 40 spans show the marked spans, their ancestors and children\):\nTrace a{32} · 1 span\(s\)/,
    );
    expect(message).toMatch(/lost \[svc\] INTERNAL \(parent missing\) +✗ \[1\]/);
  });
});

describe('options are checked before any span is', () => {
  test.each([
    [
      { allowRoot: 'x' },
      /option assertTraceIntegrity.allowRoot is "x"; expected one of required, allowRoots/,
    ],
    [
      { required: { kind: 'SERVER' } },
      /option assertTraceIntegrity.required is .*; expected a list of/,
    ],
    [
      { required: [{ kind: 'SERVER', attributes: [] }] },
      /required\[0\].attributes is \[\]; expected at least one/,
    ],
    [
      { required: [{ kinds: 'SERVER', attributes: ['a'] }] },
      /required\[0\].kinds is "SERVER"; expected one of kind,/,
    ],
    [
      { required: [{ kind: 'server', attributes: ['a'] }] },
      /required\[0\].kind is "server"; expected a span kind/,
    ],
    [
      { required: [{ status: 2, attributes: ['a'] }] },
      /required\[0\].status is 2; expected UNSET, OK or ERROR/,
    ],
    [{ allowRoots: 5 }, /allowRoots is 5; expected a span name, a RegExp, a predicate or/],
    [{ ignore: [{ name: 5 }] }, /ignore\[0\].name is 5; expected a string or a RegExp/],
    [{ rootKinds: ['ROOT'] }, /rootKinds is \["ROOT"\]; expected a list of span kinds/],
    [{ skip: ['orphans'] }, /skip is \["orphans"\]; expected a list of finding kinds/],
    [{ maxTraces: -1 }, /maxTraces is -1; expected a whole number from 0 to 1000/],
  ])('%p', (options, message) => {
    expect(() => assertTraceIntegrity([], options as never)).toThrow(TypeError);
    expect(() => assertTraceIntegrity([], options as never)).toThrow(message);
  });
});

test('renderWaterfall shows a mark at the end of the label, shortening the label first', () => {
  const spans = [
    makeSpan({ name: 'x'.repeat(200), id: '1' }),
    makeSpan({ name: 'y', id: '2', parent: '1' }),
  ];
  const lines = renderWaterfall(spans, {
    color: false,
    width: 80,
    mark: (s) => (s.name === 'y' ? undefined : '✗ [1]'),
  }).split('\n');
  expect(lines[1]).toMatch(/^x+… ✗ \[1\] +1\.00 ms \|/);
  expect(lines[1]).toHaveLength(80);
  expect(lines[2]).toMatch(/^ {2}y \[svc\] INTERNAL +1\.00 ms/);
});
