import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { tableInstrumentationsAtStart } from '../instrumentations/table-at-start';

/**
 * True when this code runs inside a bundle (Next.js's server chunks): `require.resolve` gives no file path there, and a
 * package named at run time cannot be required. Instrumentations are then all made at start, from static requires the
 * bundler saw.
 */
export function isBundled(): boolean {
  try {
    const resolved: unknown = require.resolve('@opentelemetry/instrumentation');
    // A module id (webpack, next build) or a name like `[externals]/…` (Turbopack's dev server).
    return typeof resolved !== 'string' || !isAbsolute(resolved);
  } catch {
    return true;
  }
}

/** Every enabled instrumentation, made now (the way otelkit worked before it loaded them with their libraries). */
export function bundledInstrumentations(
  config: ResolvedConfig,
  defaultConfig: Record<string, Record<string, unknown>>,
  diag: Diagnostics,
): Instrumentation[] {
  const made = tableInstrumentationsAtStart(config, defaultConfig, diag);
  // The app's server loaded http before otelkit started (Next.js does): a require now, through the hooks just made,
  // patches the shared module in place for every later caller. Through Node's own require: a bundler's require of a
  // builtin does not pass the hooks.
  if (config.instrumentations.enabled.includes('http')) {
    const nodeRequire = createRequire(join(process.cwd(), 'otelkit.js'));
    nodeRequire('node:http');
    nodeRequire('node:https');
  }
  return made;
}
