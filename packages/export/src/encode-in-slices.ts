/** Spans an encoder writes between two looks at the clock. */
export const SPANS_PER_STEP = 32;

/**
 * Drives an encoder's generator (one `yield` per SPANS_PER_STEP spans) for at most `budgetMillis()`
 * per turn of the event loop, then resolves with `finish()`. The first turn runs at once.
 */
export function encodeInSlices(
  steps: Generator<void, void, void>,
  finish: () => Buffer,
  budgetMillis: () => number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const turn = () => {
      try {
        const until = performance.now() + budgetMillis();
        for (;;) {
          if (steps.next().done === true) return resolve(finish());
          if (performance.now() >= until) return void setImmediate(turn);
        }
      } catch (error) {
        reject(error as Error);
      }
    };
    turn();
  });
}

/** Runs an encoder's generator to the end in one go. */
export function encodeAtOnce(steps: Generator<void, void, void>, finish: () => Buffer): Buffer {
  while (steps.next().done !== true);
  return finish();
}
