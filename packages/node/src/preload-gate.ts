import type { Diagnostics, Env, LogLevel } from '@otelkit/core';
import { toolOf } from './tool-process';

/**
 * What a preload checks before it loads anything of the SDK: each check reads a variable or a path, and
 * `@otelkit/core` (10 modules, ~8 ms) is required only when one of the variables is set. Everything here stays
 * free of OpenTelemetry, so a process that is not traced pays for nothing else.
 */

/** The variable that makes a preload start inside a package manager's own process: `start`; default `skip`. */
export const PRELOAD_IN_TOOLS = 'OTELKIT_PRELOAD_IN_TOOLS';
const PRELOAD_IN_TOOLS_VALUES = ['skip', 'start'];

/**
 * Why a preload must not start in this process (a line for `OTEL_LOG_LEVEL=debug`), or undefined to go on:
 * `OTEL_SDK_DISABLED` is true, or the script is a package manager's CLI (see toolOf) and
 * `OTELKIT_PRELOAD_IN_TOOLS` is not `start`.
 */
export function preloadSkipReason(env: Env, script: string | undefined): string | undefined {
  if (disabledByEnv(env)) return 'OTEL_SDK_DISABLED is true: tracing is off';
  const tool = toolOf(script);
  if (tool === undefined || startInTools(env)) return undefined;
  return `not started in ${tool}'s own process (${script}); ${PRELOAD_IN_TOOLS}=start starts it there`;
}

/**
 * `OTEL_SDK_DISABLED` as start() reads it (core's spec boolean: trimmed, `true` in any case). A bad value is false
 * here; start() then reports it, once, while resolving the rest of its configuration. Compared here rather than
 * through core's EnvReader: a disabled process then loads 4 modules instead of 17 (core's index loads 13).
 */
export function disabledByEnv(env: Env): boolean {
  const value = env.OTEL_SDK_DISABLED;
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}

/** Prints `message` when `OTEL_LOG_LEVEL` asks for debug lines. */
export function gateDebug(env: Env, message: string): void {
  if (isSet(env.OTEL_LOG_LEVEL)) gateDiagnostics(env).debug(message);
}

/** Read only in a tool's process, where it matters: a bad value is one line there, and the tool is skipped. */
function startInTools(env: Env): boolean {
  if (!isSet(env[PRELOAD_IN_TOOLS])) return false;
  const read = new (core().EnvReader)(env);
  const value = read.raw(PRELOAD_IN_TOOLS)!.toLowerCase();
  if (PRELOAD_IN_TOOLS_VALUES.includes(value)) return value === 'start';
  read.problem(PRELOAD_IN_TOOLS, `is not one of ${PRELOAD_IN_TOOLS_VALUES.join(', ')}`, 'skip');
  gateDiagnostics(env).warn(read.problems[0]);
  return false;
}

/** start()'s channel before start() has run: same prefix, and the level of `OTEL_LOG_LEVEL` (unknown is `info`). */
export function gateDiagnostics(env: Env): Diagnostics {
  const { EnvReader, createDiagnostics } = core();
  const level = new EnvReader(env).raw('OTEL_LOG_LEVEL')?.toLowerCase() as LogLevel | undefined;
  return createDiagnostics({ prefix: '@otelkit/node', level });
}

/** Unset or blank is unset (core's rule); the cheap test that spares loading core for the common case. */
function isSet(value: string | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function core(): typeof import('@otelkit/core') {
  return require('@otelkit/core') as typeof import('@otelkit/core');
}
