import { sliceBudgetMillis } from '../src/slice-budget';

test.each([
  // queuedEncodes, loopUtilization, budget
  [1, 0, 1],
  [1, 0.5, 1],
  [1, 0.9, 1],
  [1, 0.91, Infinity],
  [1, 1, Infinity],
  [1, NaN, 1],
  [2, 0, 4],
  [2, 1, 4],
  [5, 0.95, 4],
])(
  '%d encodes started or queued, event loop %d busy since the last batch: %d ms per turn',
  (queuedEncodes, loopUtilization, budget) => {
    expect(sliceBudgetMillis(queuedEncodes, loopUtilization)).toBe(budget);
  },
);
