import { spawnFixture } from './spawn-fixture';
import type { FixtureOptions, FixtureResult } from './types';

/**
 * Runs a fixture script to completion and resolves with its exit code, signal and output,
 * whatever the exit code; rejects (after SIGKILL) when it outlives `timeoutMs`.
 */
export function runFixture(options: FixtureOptions): Promise<FixtureResult> {
  try {
    return spawnFixture(options).exited;
  } catch (err) {
    return Promise.reject(err);
  }
}
