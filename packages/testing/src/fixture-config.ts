import { optionError } from '@otelkit/core';
import type { FixtureOptions } from './types';

export const DEFAULT_FIXTURE_TIMEOUT_MS = 30_000;

/** code > env OTELKIT_TEST_NODE > the node running the tests. */
export function resolveNodeBinary(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  fallback: string = process.execPath,
): string {
  return option || env.OTELKIT_TEST_NODE || fallback;
}

/** process.env overlaid with `overrides`; an undefined override removes the variable. */
export function mergeEnv(
  overrides: FixtureOptions['env'],
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function validateFixtureOptions(options: FixtureOptions): void {
  if (!options || typeof options.script !== 'string' || options.script === '')
    throw optionError('@otelkit/testing', 'fixture script', options?.script, 'a script path');
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0))
    throw optionError('@otelkit/testing', 'fixture timeoutMs', timeoutMs, 'a positive number');
}
