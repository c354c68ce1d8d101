// The W3C Trace Context test suite (w3c/trace-context, test/test.py: 41 test methods, STRICT_LEVEL 2 and the level 2
// random flag), ported case by case. Each row is named after the W3C method it stands for; its steps are the
// requests that method makes and what it checks on the headers the service sends on.
//
// The protocol is the suite's: this process plays the harness. It POSTs to the service under test, with the case's
// headers exactly as listed (names, casing, repeats, whitespace), a JSON list of `{ url, arguments }` pointing back at
// a callback server in this process; the service (test/fixtures/w3c/service.js) POSTs to each url in turn. The
// service runs under `node --require @otelkit/node/register` with the defaults (no OTEL_PROPAGATORS), so the
// traceparent / tracestate it sends are what @otelkit/node's HTTP instrumentation and default propagators make of
// the incoming ones. As with the Python harness, the request crosses a real HTTP parser (Node's) on the way in.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { REQUIRE, fixturesDir, otelEnv, startApp, type RunningApp } from './support/app';

jest.setTimeout(60_000);

type Header = [name: string, value: string];

/** What one W3C step checks on the traceparent / tracestate the service sent to each callback. */
interface Outcome {
  /** `kept`: the incoming trace id 1234…9012 continues; `new`: a trace id that appears in no header sent. */
  traceId?: 'kept' | 'new';
  /** The parent id sent on differs from the incoming 1234567890123456 (the service made its own span). */
  newParentId?: true;
  /** tracestate members the callee gets, with their values. */
  has?: Record<string, string>;
  /** tracestate keys the callee must not get. */
  lacks?: string[];
  /** Number of tracestate members the callee gets; `previous` = as many as in the step before. */
  size?: number | 'previous';
  /** Substrings of the forwarded tracestate, in this order. */
  inOrder?: string[];
  /** At least one of these substrings is in the forwarded tracestate. */
  oneOf?: string[];
  /** The random flag (0x02) is set in the traceparent sent on. */
  randomFlag?: true;
  /** With several callbacks: how many distinct parent ids they got (one span per outgoing call). */
  distinctParentIds?: number;
}

interface Step {
  send: Header[];
  /** How many callbacks the service is asked to make (default 1). */
  callbacks?: number;
  expect: Outcome;
}

const T = '12345678901234567890123456789012';
const P = '1234567890123456';
const VALID_00 = `00-${T}-${P}-00`;
const VALID_01 = `00-${T}-${P}-01`;
const tp = (value: string): Header => ['traceparent', value];
const ts = (value: string): Header => ['tracestate', value];
/** A step whose incoming traceparent is invalid: the service must start a new trace. */
const restarts = (...headers: Header[]): Step => ({ send: headers, expect: { traceId: 'new' } });
/** A step with a valid, unsampled traceparent and the given tracestate headers. */
const withState = (expect: Outcome, ...states: string[]): Step => ({
  send: [tp(VALID_00), ...states.map(ts)],
  expect,
});

const LCALPHA = 'abcdefghijklmnopqrstuvwxyz';
const KEY_WITHOUT_VENDOR = `${LCALPHA}0123456789_-*/`;
const KEY_WITH_VENDOR = `${KEY_WITHOUT_VENDOR}@a-z0-9_-*/`;
const ALL_VALUE_CHARS = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) =>
  String.fromCharCode(0x20 + i),
)
  .filter((c) => c !== ',' && c !== '=')
  .join('');
const bars = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const n = String(from + i).padStart(2, '0');
    return `bar${n}=${n}`;
  }).join(',');
const THIRTY_ONE_BARS = [bars(1, 10), bars(11, 20), bars(21, 30)];

// [W3C class.method, steps]
const cases: [string, Step[]][] = [
  ['TraceContextTest.test_both_traceparent_and_tracestate_missing', [{ send: [], expect: {} }]],
  [
    'TraceContextTest.test_traceparent_included_tracestate_missing',
    [{ send: [tp(VALID_01)], expect: { traceId: 'kept', newParentId: true } }],
  ],
  [
    'TraceContextTest.test_traceparent_duplicated',
    [restarts(tp(`00-${T.slice(0, 31)}1-${P}-01`), tp(VALID_01))],
  ],
  [
    'TraceContextTest.test_traceparent_header_name',
    [restarts(['trace-parent', VALID_01]), restarts(['trace.parent', VALID_01])],
  ],
  [
    'TraceContextTest.test_traceparent_header_name_valid_casing',
    ['TraceParent', 'TrAcEpArEnT', 'TRACEPARENT'].map((name) => ({
      send: [[name, VALID_01] as Header],
      expect: { traceId: 'kept' as const },
    })),
  ],
  [
    'TraceContextTest.test_traceparent_version_0x00',
    [restarts(tp(`${VALID_01}.`)), restarts(tp(`${VALID_01}-what-the-future-will-be-like`))],
  ],
  [
    'TraceContextTest.test_traceparent_version_0xcc',
    [
      { send: [tp(`cc-${T}-${P}-01`)], expect: { traceId: 'kept' } },
      { send: [tp(`cc-${T}-${P}-01-what-the-future-will-be-like`)], expect: { traceId: 'kept' } },
      restarts(tp(`cc-${T}-${P}-01.what-the-future-will-be-like`)),
    ],
  ],
  ['TraceContextTest.test_traceparent_version_0xff', [restarts(tp(`ff-${T}-${P}-01`))]],
  [
    'TraceContextTest.test_traceparent_version_illegal_characters',
    [restarts(tp(`.0-${T}-${P}-01`)), restarts(tp(`0.-${T}-${P}-01`))],
  ],
  [
    'TraceContextTest.test_traceparent_version_too_long',
    [restarts(tp(`000-${T}-${P}-01`)), restarts(tp(`0000-${T}-${P}-01`))],
  ],
  ['TraceContextTest.test_traceparent_version_too_short', [restarts(tp(`0-${T}-${P}-01`))]],
  [
    'TraceContextTest.test_traceparent_trace_id_all_zero',
    [restarts(tp(`00-${'0'.repeat(32)}-${P}-01`))],
  ],
  [
    'TraceContextTest.test_traceparent_trace_id_illegal_characters',
    [restarts(tp(`00-.${T.slice(1)}-${P}-01`)), restarts(tp(`00-${T.slice(0, 31)}.-${P}-01`))],
  ],
  ['TraceContextTest.test_traceparent_trace_id_too_long', [restarts(tp(`00-${T}3-${P}-01`))]],
  [
    'TraceContextTest.test_traceparent_trace_id_too_short',
    [restarts(tp(`00-${T.slice(0, 31)}-${P}-01`))],
  ],
  [
    'TraceContextTest.test_traceparent_parent_id_all_zero',
    [restarts(tp(`00-${T}-${'0'.repeat(16)}-01`))],
  ],
  [
    'TraceContextTest.test_traceparent_parent_id_illegal_characters',
    [restarts(tp(`00-${T}-.${P.slice(1)}-01`)), restarts(tp(`00-${T}-${P.slice(0, 15)}.-01`))],
  ],
  ['TraceContextTest.test_traceparent_parent_id_too_long', [restarts(tp(`00-${T}-${P}7-01`))]],
  [
    'TraceContextTest.test_traceparent_parent_id_too_short',
    [restarts(tp(`00-${T}-${P.slice(0, 15)}-01`))],
  ],
  [
    'TraceContextTest.test_traceparent_trace_flags_illegal_characters',
    [restarts(tp(`00-${T}-${P}-.0`)), restarts(tp(`00-${T}-${P}-0.`))],
  ],
  ['TraceContextTest.test_traceparent_trace_flags_too_long', [restarts(tp(`00-${T}-${P}-001`))]],
  ['TraceContextTest.test_traceparent_trace_flags_too_short', [restarts(tp(`00-${T}-${P}-1`))]],
  [
    'TraceContextTest.test_traceparent_ows_handling',
    [` ${VALID_01}`, `\t${VALID_01}`, `${VALID_01} `, `${VALID_01}\t`, `\t ${VALID_01} \t`].map(
      (value) => ({ send: [tp(value)], expect: { traceId: 'kept' as const } }),
    ),
  ],
  [
    'TraceContextTest.test_tracestate_included_traceparent_missing',
    [
      { send: [ts('foo=1')], expect: {} },
      { send: [ts('foo=1,bar=2')], expect: { size: 'previous' } },
    ],
  ],
  [
    'TraceContextTest.test_tracestate_included_traceparent_included',
    [withState({ traceId: 'kept', has: { foo: '1', bar: '2' } }, 'foo=1,bar=2')],
  ],
  [
    'TraceContextTest.test_tracestate_header_name',
    ['trace-state', 'trace.state'].map((name) => ({
      send: [tp(VALID_00), [name, 'foo=1'] as Header],
      expect: { lacks: ['foo'] },
    })),
  ],
  [
    'TraceContextTest.test_tracestate_header_name_valid_casing',
    ['TraceState', 'TrAcEsTaTe', 'TRACESTATE'].map((name) => ({
      send: [tp(VALID_00), [name, 'foo=1'] as Header],
      expect: { has: { foo: '1' } },
    })),
  ],
  [
    'TraceContextTest.test_tracestate_empty_header',
    [
      withState({ traceId: 'kept' }, ''),
      withState({ traceId: 'kept', has: { foo: '1' } }, 'foo=1', ''),
      withState({ traceId: 'kept', has: { foo: '1' } }, '', 'foo=1'),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_multiple_headers_different_keys',
    [
      withState(
        { traceId: 'kept', inOrder: ['foo=1', 'bar=2', 'rojo=1', 'congo=2', 'baz=3'] },
        'foo=1,bar=2',
        'rojo=1,congo=2',
        'baz=3',
      ),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_duplicated_keys',
    [
      withState({ traceId: 'kept', oneOf: ['foo=1'] }, 'foo=1,foo=1'),
      withState({ traceId: 'kept', oneOf: ['foo=1', 'foo=2'] }, 'foo=1,foo=2'),
      withState({ traceId: 'kept', oneOf: ['foo=1'] }, 'foo=1', 'foo=1'),
      withState({ traceId: 'kept', oneOf: ['foo=1', 'foo=2'] }, 'foo=1', 'foo=2'),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_all_allowed_characters',
    [KEY_WITHOUT_VENDOR, KEY_WITH_VENDOR].map((key) =>
      withState({ has: { [key]: ALL_VALUE_CHARS } }, `${key}=${ALL_VALUE_CHARS}`),
    ),
  ],
  [
    'TraceContextTest.test_tracestate_ows_handling',
    [
      withState({ has: { foo: '1', bar: '2', baz: '3' } }, 'foo=1 \t , \t bar=2, \t baz=3'),
      withState({ has: { foo: '1', bar: '2', baz: '3' } }, 'foo=1\t \t,\t \tbar=2,\t \tbaz=3'),
      ...[' foo=1', '\tfoo=1', 'foo=1 ', 'foo=1\t', '\t foo=1 \t'].map((value) =>
        withState({ traceId: 'kept', has: { foo: '1' } }, value),
      ),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_key_illegal_characters',
    [
      withState({ lacks: ['foo '] }, 'foo =1'),
      withState({ lacks: ['FOO'] }, 'FOO=1'),
      withState({ lacks: ['foo.bar'] }, 'foo.bar=1'),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_key_illegal_vendor_format',
    [
      withState({ has: { 'foo@': '1', bar: '2' } }, 'foo@=1,bar=2'),
      withState({ lacks: ['bar'] }, '@foo=1,bar=2'),
      withState({ has: { 'foo@@bar': '1', bar: '2' } }, 'foo@@bar=1,bar=2'),
      withState({ has: { 'foo@bar@baz': '1', bar: '2' } }, 'foo@bar@baz=1,bar=2'),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_member_count_limit',
    [
      withState({ has: { bar01: '01' }, size: 32 }, ...THIRTY_ONE_BARS, bars(31, 32)),
      withState({ lacks: ['bar01'] }, ...THIRTY_ONE_BARS, bars(31, 33)),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_key_length_limit',
    [
      withState({ has: { foo: '1', ['z'.repeat(256)]: '1' } }, 'foo=1', `${'z'.repeat(256)}=1`),
      withState({ lacks: ['foo'] }, 'foo=1', `${'z'.repeat(257)}=1`),
      ...[
        `${'t'.repeat(241)}@${'v'.repeat(14)}`,
        `${'t'.repeat(242)}@v`,
        `t@${'v'.repeat(15)}`,
      ].map((key) => withState({ has: { foo: '1', [key]: '1' } }, 'foo=1', `${key}=1`)),
    ],
  ],
  [
    'TraceContextTest.test_tracestate_value_illegal_characters',
    [
      withState({ lacks: ['foo'] }, 'foo=bar=baz'),
      withState({ lacks: ['foo', 'bar'] }, 'foo=,bar=3'),
    ],
  ],
  [
    'AdvancedTest.test_multiple_requests_with_valid_traceparent',
    [{ send: [tp(VALID_01)], callbacks: 3, expect: { traceId: 'kept', distinctParentIds: 3 } }],
  ],
  [
    'AdvancedTest.test_multiple_requests_without_traceparent',
    [{ send: [], callbacks: 3, expect: { distinctParentIds: 3 } }],
  ],
  [
    'AdvancedTest.test_multiple_requests_with_illegal_traceparent',
    [
      {
        send: [tp(`00-${'0'.repeat(32)}-${P}-01`)],
        callbacks: 3,
        expect: { traceId: 'new', distinctParentIds: 3 },
      },
    ],
  ],
  [
    'TraceContext2Test.test_propagates_random_flag',
    [
      {
        send: [tp(`00-${T}-${P}-02`)],
        expect: { traceId: 'kept', newParentId: true, randomFlag: true },
      },
    ],
  ],
];

// --- the harness side ------------------------------------------------------------------------------------------

interface Callback {
  headers: Header[];
}

let receiver: OtlpReceiver;
let service: RunningApp;
let harness: http.Server;
let harnessUrl: string;
const callbacks = new Map<string, Callback>();
let scopes = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  harness = http.createServer((req, res) => {
    const headers: Header[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    callbacks.set(req.url ?? '', { headers });
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('null');
    });
  });
  await new Promise<void>((resolve) => harness.listen(0, '127.0.0.1', resolve));
  harnessUrl = `http://127.0.0.1:${(harness.address() as AddressInfo).port}`;
  // Defaults: otelEnv clears OTEL_PROPAGATORS and every other variable that could change the outcome.
  service = await startApp({
    script: 'service.js',
    cwd: path.join(fixturesDir, 'w3c'),
    nodeArgs: REQUIRE,
    env: otelEnv(receiver.url, { OTEL_SERVICE_NAME: 'w3c-service' }),
  });
});

afterAll(async () => {
  service?.proc.kill('SIGTERM');
  await service?.proc.exited.catch(() => undefined);
  await new Promise((resolve) => harness?.close(resolve));
  await receiver?.close();
});

/** One W3C `make_request`: the service is asked to call back `count` times; resolves with each callback. */
async function makeRequest(headers: Header[], count: number): Promise<Callback[]> {
  const scope = `/scope-${++scopes}`;
  const body = JSON.stringify(
    Array.from({ length: count }, (_, i) => ({ url: `${harnessUrl}${scope}/${i}`, arguments: [] })),
  );
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: service.port,
      method: 'POST',
      path: '/test',
      agent: false,
      // The raw form keeps repeats, order and casing exactly as the case lists them; Node adds nothing to it.
      headers: [
        'Host',
        `127.0.0.1:${service.port}`,
        'Accept',
        'application/json',
        'Content-Type',
        'application/json',
        'Content-Length',
        String(Buffer.byteLength(body)),
        ...headers.flat(),
      ],
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  expect(status).toBe(200);
  return Array.from({ length: count }, (_, i) => {
    const callback = callbacks.get(`${scope}/${i}`);
    if (!callback)
      throw new Error(`the service made no callback ${i} for ${JSON.stringify(headers)}`);
    return callback;
  });
}

// --- reading what the service sent on, with the suite's own rules -----------------------------------------------

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const MEMBER =
  /^([0-9a-z][_0-9a-z\-*/@]{0,255})=([\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e])$/;

interface SentTraceparent {
  version: string;
  traceId: string;
  parentId: string;
  flags: number;
}

/** Exactly one traceparent, in the version 00 layout, version not ff and ids not all zero. */
function sentTraceparent(headers: Header[]): SentTraceparent {
  const values = headers.filter(([name]) => name.toLowerCase() === 'traceparent');
  expect(values).toHaveLength(1);
  const match = TRACEPARENT.exec(values[0][1]);
  if (!match)
    throw new Error(`the service sent an invalid traceparent ${JSON.stringify(values[0][1])}`);
  const [, version, traceId, parentId, flags] = match;
  expect(version).not.toBe('ff');
  expect(traceId).not.toBe('0'.repeat(32));
  expect(parentId).not.toBe('0'.repeat(16));
  return { version, traceId, parentId, flags: parseInt(flags, 16) };
}

/** Every tracestate header, combined in order; any malformed member fails; a repeated key keeps its first value. */
function sentTracestate(headers: Header[]): Map<string, string> {
  const state = new Map<string, string>();
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'tracestate') continue;
    for (const member of value.split(/[ \t]*,[ \t]*/)) {
      if (member === '') continue;
      const match = MEMBER.exec(member);
      if (!match)
        throw new Error(`the service sent an invalid tracestate member ${JSON.stringify(member)}`);
      if (!state.has(match[1])) state.set(match[1], match[2]);
    }
  }
  return state;
}

const stateText = (state: Map<string, string>) =>
  [...state].map(([key, value]) => `${key}=${value}`).join(',');

function check(step: Step, received: Callback[], previousSize: number | undefined): number {
  const { expect: outcome, send } = step;
  const parents = new Set<string>();
  let size = 0;
  for (const callback of received) {
    const traceparent = sentTraceparent(callback.headers);
    const state = sentTracestate(callback.headers);
    const text = stateText(state);
    parents.add(traceparent.parentId);
    size = state.size;
    if (outcome.traceId === 'kept') expect(traceparent.traceId).toBe(T);
    if (outcome.traceId === 'new')
      for (const [, value] of send) expect(value).not.toContain(traceparent.traceId);
    if (outcome.newParentId) expect(traceparent.parentId).not.toBe(P);
    if (outcome.randomFlag) expect(traceparent.flags & 0x02).toBe(0x02);
    for (const [key, value] of Object.entries(outcome.has ?? {}))
      expect(state.get(key)).toBe(value);
    for (const key of outcome.lacks ?? []) expect(state.has(key)).toBe(false);
    if (typeof outcome.size === 'number') expect(state.size).toBe(outcome.size);
    if (outcome.size === 'previous') expect(state.size).toBe(previousSize);
    const positions = (outcome.inOrder ?? []).map((part) => text.indexOf(part));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    if (outcome.oneOf) expect(outcome.oneOf.some((part) => text.includes(part))).toBe(true);
  }
  if (outcome.distinctParentIds !== undefined) expect(parents.size).toBe(outcome.distinctParentIds);
  return size;
}

describe('W3C Trace Context test suite (strict level 2) against a service with @otelkit/node defaults', () => {
  test('the port has all 41 test methods of test/test.py', () => {
    expect(new Set(cases.map(([name]) => name)).size).toBe(41);
  });

  test.each(cases)('%s', async (_method, steps) => {
    let previousSize: number | undefined;
    for (const step of steps) {
      const received = await makeRequest(step.send, step.callbacks ?? 1);
      previousSize = check(step, received, previousSize);
    }
  });
});
