import { TraceBuffer, type PrintReason } from '../../src/sdk/console-trace-buffer';

// Steps: 'A' a span of trace A ends, 'A*' trace A's local root ends, '+N' N ms pass, 'flush'.
// Printed: `trace:spans:reason`, in print order. Grace 100 ms, at most 4 spans held, 2 printed ids remembered.
function run(steps: string[], options: { maxSpans?: number } = {}): string[] {
  const printed: string[] = [];
  const buffer = new TraceBuffer<{ traceId: string; localRoot: boolean }>({
    graceMillis: 100,
    maxSpans: options.maxSpans ?? 4,
    maxPrinted: 2,
    print: (spans, reason: PrintReason) =>
      printed.push(`${spans[0].traceId}:${spans.length}:${reason}`),
  });
  for (const step of steps) {
    if (step === 'flush') buffer.flush();
    else if (step.startsWith('+')) jest.advanceTimersByTime(Number(step.slice(1)));
    else buffer.add({ traceId: step[0], localRoot: step.endsWith('*') });
  }
  return printed;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a trace prints once its local root ended and the grace passed', () => {
  test.each<[string, string[], string[]]>([
    ['not before the grace ends', ['A', 'A', 'A*', '+99'], []],
    ['children and root together, when it ends', ['A', 'A', 'A*', '+100'], ['A:3:complete']],
    ['a child ending within the grace joins', ['A*', '+50', 'A', '+50'], ['A:2:complete']],
    [
      'a child ending later prints as late spans',
      ['A*', '+100', 'A', '+100'],
      ['A:1:complete', 'A:1:late'],
    ],
    ['without a root it waits', ['A', 'B', '+10000'], []],
    [
      'traces print in the order their roots end',
      ['A', 'B*', 'A*', '+100'],
      ['B:1:complete', 'A:2:complete'],
    ],
    [
      'a late trace id is forgotten past the memory of printed ids',
      ['A*', '+100', 'B*', '+100', 'C*', '+100', 'A', '+100'],
      ['A:1:complete', 'B:1:complete', 'C:1:complete'],
    ],
  ])('%s', (_name, steps, printed) => {
    expect(run(steps)).toEqual(printed);
  });
});

describe('what is held prints without its root when the buffer is full or flushed', () => {
  test.each<[string, string[], string[]]>([
    [
      'flush prints every trace held, oldest first',
      ['A', 'B', 'A', 'flush'],
      ['A:2:flush', 'B:1:flush'],
    ],
    [
      'flush prints a rooted trace as complete',
      ['A', 'B*', 'flush'],
      ['A:1:flush', 'B:1:complete'],
    ],
    ['the fifth span prints the oldest trace', ['A', 'A', 'B', 'B', 'C'], ['A:2:full']],
    [
      'a full buffer prints a rooted trace as complete',
      ['A*', 'B', 'B', 'B', 'C'],
      ['A:1:complete'],
    ],
    ['nothing prints twice', ['A*', 'flush', '+1000', 'flush'], ['A:1:complete']],
  ])('%s', (_name, steps, printed) => {
    expect(run(steps)).toEqual(printed);
  });
});

test('memory stays bounded by maxSpans, however many spans come', () => {
  const printed: number[] = [];
  const buffer = new TraceBuffer<{ traceId: string; localRoot: boolean }>({
    graceMillis: 100,
    maxSpans: 1000,
    maxPrinted: 10,
    print: (spans) => printed.push(spans.length),
  });
  let most = 0;
  for (let i = 0; i < 100_000; i++) {
    buffer.add({ traceId: `t${i % 5000}`, localRoot: false });
    most = Math.max(most, buffer.size);
  }
  expect(most).toBe(1000);
  expect(printed.reduce((a, b) => a + b, 0) + buffer.size).toBe(100_000);
});
