/**
 * Runs `fn` with some env variables removed. Upstream constructors re-read variables that resolveConfig already parsed
 * and reported; hiding them keeps one diagnostic line per bad value and makes our resolved value the only one in play.
 * Synchronous, so nothing else can observe the env in between.
 */
export function withEnvHidden<T>(keys: readonly string[], fn: () => T): T {
  const saved = keys.map((key) => process.env[key]);
  for (const key of keys) delete process.env[key];
  try {
    return fn();
  } finally {
    keys.forEach((key, i) => {
      if (saved[i] !== undefined) process.env[key] = saved[i];
    });
  }
}
