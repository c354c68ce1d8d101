/**
 * Drives an encoder's generator (one `yield` per slice of spans) one slice per turn of the event loop,
 * then resolves with `finish()`. The first slice runs at once.
 */
export function encodeInSlices(
  steps: Generator<void, void, void>,
  finish: () => Buffer,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const step = () => {
      try {
        if (steps.next().done !== true) setImmediate(step);
        else resolve(finish());
      } catch (error) {
        reject(error as Error);
      }
    };
    step();
  });
}

/** Runs an encoder's generator to the end in one go. */
export function encodeAtOnce(steps: Generator<void, void, void>, finish: () => Buffer): Buffer {
  while (steps.next().done !== true);
  return finish();
}
