import { buildTraceTrees, renderWaterfall } from '@otelkit/testing';
import { checkoutTrace, makeSpan, TRACE_A, TRACE_B } from './helpers/make-span';

const barStart = (line: string) => line.indexOf('█') - line.indexOf('|');
const barLength = (line: string) => (line.match(/█+/)?.[0] ?? '').length;

describe('renderWaterfall without color', () => {
  const text = renderWaterfall(checkoutTrace(), { color: false, width: 100 });
  const [header, ...lines] = text.split('\n');

  test('has a header with trace id, span count, total duration and services', () => {
    expect(header).toBe(`Trace ${TRACE_A} · 5 span(s) · 100.0 ms · frontend, payments`);
  });

  test('lists spans depth-first, indented by depth, with service, kind and duration', () => {
    expect(lines).toHaveLength(5);
    const expected = [
      [0, 'GET /checkout [frontend] SERVER', '100.0 ms'],
      [2, 'POST /payments [frontend] CLIENT', '50.0 ms'],
      [4, 'POST /payments [payments] SERVER', '40.0 ms'],
      [6, 'INSERT payments [payments] CLIENT', '20.0 ms'],
      [2, 'render [frontend] INTERNAL', '20.0 ms'],
    ] as const;
    lines.forEach((line, i) => {
      const [indent, label, duration] = expected[i];
      expect(line.startsWith(' '.repeat(indent) + label)).toBe(true);
      expect(line.charAt(indent)).not.toBe(' ');
      expect(line).toContain(duration);
    });
  });

  test('places bars on one time axis', () => {
    const starts = lines.map(barStart);
    // root starts at the axis origin; each child starts later than its parent
    expect(starts[0]).toBe(1);
    expect(starts[1]).toBeGreaterThan(starts[0]);
    expect(starts[2]).toBeGreaterThan(starts[1]);
    expect(starts[3]).toBeGreaterThan(starts[2]);
    expect(starts[4]).toBeGreaterThan(starts[3]);
    const lengths = lines.map(barLength);
    expect(lengths[0]).toBeGreaterThan(lengths[1]);
    expect(lengths[3]).toBe(lengths[4]); // both 20 ms
    // the 100 ms root fills the whole axis
    expect(lines[0]).toMatch(/\|█+\|$/);
  });

  test('respects the width and has no ANSI escapes', () => {
    for (const line of lines) expect(line.length).toBe(100);
    expect(text).not.toContain('\x1b');
  });

  test('accepts trees as well as spans', () => {
    expect(renderWaterfall(buildTraceTrees(checkoutTrace()), { color: false, width: 100 })).toBe(
      text,
    );
  });
});

test('color adds ANSI escapes and marks errors', () => {
  const spans = [makeSpan({ name: 'boom', id: '1', error: true })];
  const colored = renderWaterfall(spans, { color: true, width: 80 });
  const bar = '█'.repeat(barLength(colored.split('\n')[1]));
  expect(bar).toHaveLength(32); // one span fills the whole axis (40% of 80 columns)
  expect(colored).toContain(`\u001b[31m${bar}\u001b[0m`);
  expect(renderWaterfall(spans, { color: false, width: 80 })).toMatch(
    /boom \[svc\] INTERNAL ERROR/,
  );
});

test('several traces render as separate blocks; long names are cut', () => {
  const spans = [
    makeSpan({ name: 'x'.repeat(200), id: '1' }),
    makeSpan({ name: 'other', id: '2', trace: TRACE_B }),
  ];
  const blocks = renderWaterfall(spans, { color: false, width: 80 }).split('\n\n');
  expect(blocks).toHaveLength(2);
  expect(blocks[1].startsWith(`Trace ${TRACE_B}`)).toBe(true);
  expect(blocks[0].split('\n')[1]).toMatch(/^x+…/);
  expect(blocks[0].split('\n')[1]).toHaveLength(80);
});

test('no spans renders a placeholder', () => {
  expect(renderWaterfall([])).toBe('(no spans)');
});
