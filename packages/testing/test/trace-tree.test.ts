import {
  buildTraceTrees,
  findSpan,
  findSpans,
  groupByTrace,
  type TraceNode,
} from '@otelkit/testing';
import { checkoutTrace, makeSpan, TRACE_B } from './helpers/make-span';

const shape = (node: TraceNode): unknown => ({
  name: `${node.span.name}@${node.span.serviceName}`,
  ...(node.missingParent ? { missingParent: true } : {}),
  children: node.children.map(shape),
});

test('buildTraceTrees links parents and sorts children by start time', () => {
  const trees = buildTraceTrees(checkoutTrace());
  expect(trees.map(shape)).toEqual([
    {
      name: 'GET /checkout@frontend',
      children: [
        {
          name: 'POST /payments@frontend',
          children: [
            {
              name: 'POST /payments@payments',
              children: [{ name: 'INSERT payments@payments', children: [] }],
            },
          ],
        },
        { name: 'render@frontend', children: [] },
      ],
    },
  ]);
});

test('a span whose parent is missing becomes a root flagged missingParent', () => {
  const spans = [
    makeSpan({ name: 'late root', id: '1', start: 50 }),
    makeSpan({ name: 'orphan', id: '2', parent: 'dead', start: 10 }),
    makeSpan({ name: 'orphan child', id: '3', parent: '2', start: 11 }),
  ];
  expect(buildTraceTrees(spans).map(shape)).toEqual([
    {
      name: 'orphan@svc',
      missingParent: true,
      children: [{ name: 'orphan child@svc', children: [] }],
    },
    { name: 'late root@svc', children: [] },
  ]);
});

test('the same span id in two traces does not link across traces', () => {
  const spans = [
    makeSpan({ name: 'a-root', id: '1' }),
    makeSpan({ name: 'b-child', id: '2', parent: '1', trace: TRACE_B }),
  ];
  const trees = buildTraceTrees(spans);
  expect(trees).toHaveLength(2);
  expect(trees.find((t) => t.span.name === 'b-child')?.missingParent).toBe(true);
});

test('groupByTrace keeps first-seen order', () => {
  const spans = [
    makeSpan({ name: 'b1', id: '1', trace: TRACE_B }),
    makeSpan({ name: 'a1', id: '2' }),
    makeSpan({ name: 'b2', id: '3', trace: TRACE_B }),
  ];
  const groups = groupByTrace(spans);
  expect([...groups.keys()]).toEqual([TRACE_B, spans[1].traceId]);
  expect(groups.get(TRACE_B)?.map((s) => s.name)).toEqual(['b1', 'b2']);
});

test.each([
  ['exact name', 'render', ['render']],
  ['RegExp', /^POST /, ['POST /payments', 'POST /payments']],
  [
    'predicate',
    (s: { serviceName?: string }) => s.serviceName === 'payments',
    ['INSERT payments', 'POST /payments'],
  ],
  ['no match', 'nope', []],
])('findSpans / findSpan by %s', (_name, matcher, expected) => {
  const spans = checkoutTrace();
  expect(findSpans(spans, matcher as never).map((s) => s.name)).toEqual(expected);
  expect(findSpan(spans, matcher as never)?.name).toBe(expected[0]);
});
