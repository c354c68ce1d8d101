import {
  assertChildOf,
  assertConnectedTrace,
  assertSpan,
  assertTrace,
  findSpan,
} from '@otelkit/testing';
import { checkoutTrace, makeSpan, TRACE_B } from './helpers/make-span';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the assertion to throw');
}

const EXPECTED_CHECKOUT = {
  name: 'GET /checkout',
  kind: 'SERVER' as const,
  serviceName: 'frontend',
  attributes: { 'http.route': '/checkout', 'http.response.status_code': (v: unknown) => v === 200 },
  children: [
    { name: 'render' },
    {
      name: /^POST/,
      kind: 'CLIENT' as const,
      children: [
        {
          serviceName: 'payments',
          kind: 'SERVER' as const,
          children: [
            { name: 'INSERT payments', attributes: { 'db.system': /postgres/, 'db.rows': 1n } },
          ],
        },
      ],
    },
  ],
};

describe('assertConnectedTrace', () => {
  test('returns the single tree of a connected trace', () => {
    expect(assertConnectedTrace(checkoutTrace()).span.name).toBe('GET /checkout');
  });

  test('fails with a readable message when a parent is missing', () => {
    const spans = checkoutTrace().filter(
      (s) => s.name !== 'POST /payments' || s.serviceName !== 'frontend',
    );
    const message = messageOf(() => assertConnectedTrace(spans));
    expect(message).toMatch(/^assertConnectedTrace: the spans do not form one connected trace/);
    expect(message).toMatch(
      /"POST \/payments" names parent 0000000000000002, which is not among the spans/,
    );
    // the received spans are drawn as a tree
    expect(message).toMatch(/Received:\nTrace a{32} · 4 span\(s\)/);
    expect(message).toMatch(/\n {2}render \[frontend\] INTERNAL/);
    expect(message).toMatch(/POST \/payments \[payments\] SERVER \(parent missing\)/);
    expect(message).not.toContain('\x1b[');
  });

  test('fails when spans span several traces', () => {
    const spans = [
      makeSpan({ name: 'a', id: '1' }),
      makeSpan({ name: 'b', id: '2', trace: TRACE_B }),
    ];
    const message = messageOf(() => assertConnectedTrace(spans));
    expect(message).toMatch(/the spans belong to 2 traces:/);
    expect(message).toMatch(new RegExp(`${TRACE_B}: "b"`));
    expect(message).toMatch(/expected exactly one root, found 2: "a", "b"/);
  });

  test('fails on no spans', () => {
    expect(messageOf(() => assertConnectedTrace([]))).toMatch(/no spans were given/);
  });
});

describe('assertTrace', () => {
  test('matches a nested shape with children as an unordered subset', () => {
    expect(assertTrace(checkoutTrace(), EXPECTED_CHECKOUT).span.spanId).toBe('0000000000000001');
  });

  test('matches below the root with atRoot: false', () => {
    const expected = {
      name: 'POST /payments',
      serviceName: 'payments',
      children: [{ name: 'INSERT payments' }],
    };
    expect(() => assertTrace(checkoutTrace(), expected)).toThrow(/no root matches/);
    expect(assertTrace(checkoutTrace(), expected, { atRoot: false }).span.serviceName).toBe(
      'payments',
    );
  });

  test('explains a wrong attribute deep in the tree', () => {
    const expected = {
      name: 'GET /checkout',
      children: [
        {
          name: /^POST/,
          children: [
            { children: [{ name: 'INSERT payments', attributes: { 'db.system': 'mysql' } }] },
          ],
        },
      ],
    };
    const message = messageOf(() => assertTrace(checkoutTrace(), expected));
    expect(message).toMatch(
      /^assertTrace: no root matches the expected shape\nExpected:\n {2}\{ name='GET \/checkout' \}\n {4}\{ name=\/\^POST\/ \}/,
    );
    expect(message).toMatch(/Closest root 'GET \/checkout':/);
    expect(message).toMatch(
      /"GET \/checkout" > "POST \/payments" > "POST \/payments": no child matches \{ name='INSERT payments', attributes=\{ 'db.system': 'mysql' \} \}; closest:/,
    );
    expect(message).toMatch(/attribute "db.system": expected 'mysql', got 'postgresql'/);
    expect(message).toMatch(/Received:\nTrace a{32} · 5 span\(s\) · 100.0 ms · frontend, payments/);
  });

  test('one child cannot satisfy two expectations', () => {
    const expected = { name: 'GET /checkout', children: [{ name: 'render' }, { name: 'render' }] };
    expect(messageOf(() => assertTrace(checkoutTrace(), expected))).toMatch(
      /the 2 expected children cannot each be matched by a different child \(children: "POST \/payments", "render"\)/,
    );
  });

  test('a missing child on a leaf says it has no children', () => {
    const expected = {
      name: 'GET /checkout',
      children: [{ name: 'render', children: [{ name: 'x' }] }],
    };
    expect(messageOf(() => assertTrace(checkoutTrace(), expected))).toMatch(
      /"GET \/checkout" > "render": has no children, expected one matching \{ name='x' \}/,
    );
  });

  test('kind, service and status mismatches are named', () => {
    const expected = {
      name: 'GET /checkout',
      kind: 'CLIENT' as const,
      serviceName: /^pay/,
      status: { code: 2 as const },
    };
    const message = messageOf(() => assertTrace(checkoutTrace(), expected));
    expect(message).toMatch(/kind: expected 'CLIENT', got 'SERVER'/);
    expect(message).toMatch(/serviceName: expected \/\^pay\/, got 'frontend'/);
    expect(message).toMatch(/status.code: expected 2, got 0/);
  });
});

describe('assertSpan and assertChildOf', () => {
  test('assertSpan passes on a subset of attributes and fails readably', () => {
    const span = findSpan(checkoutTrace(), 'INSERT payments');
    expect(
      assertSpan(span, { name: 'INSERT payments', kind: 'CLIENT', attributes: { 'db.rows': 1 } }),
    ).toBe(span);
    const message = messageOf(() =>
      assertSpan(span, {
        kind: 'SERVER',
        attributes: { 'db.rows': 2, 'db.name': 'x' },
        status: { message: 'ok' },
      }),
    );
    expect(message).toMatch(/^assertSpan: span "INSERT payments" does not match/);
    expect(message).toMatch(/kind: expected 'SERVER', got 'CLIENT'/);
    expect(message).toMatch(/attribute "db.rows": expected 2, got 1/);
    expect(message).toMatch(/attribute "db.name": expected 'x', got nothing \(attribute missing\)/);
    expect(message).toMatch(/status.message: expected 'ok', got undefined/);
  });

  test('assertSpan on undefined explains', () => {
    expect(() => assertSpan(undefined, {})).toThrow(/did findSpan find nothing/);
  });

  test('assertChildOf accepts a direct child and rejects a grandchild', () => {
    const spans = checkoutTrace();
    const root = findSpan(spans, 'GET /checkout');
    const client = findSpan(spans, (s) => s.name === 'POST /payments' && s.kindName === 'CLIENT');
    const insert = findSpan(spans, 'INSERT payments');
    expect(() => assertChildOf(client, root)).not.toThrow();
    expect(messageOf(() => assertChildOf(insert, root))).toMatch(
      /"INSERT payments" has parent 0000000000000003, not "GET \/checkout" \(0000000000000001\)/,
    );
    expect(messageOf(() => assertChildOf(root, client))).toMatch(
      /has parent \(none: it is a root\)/,
    );
  });
});
