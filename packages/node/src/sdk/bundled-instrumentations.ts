import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import type { InstrumentationConfigMap } from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../internal-types';
import { autoInstrumentationNames } from '../config/known-names';
import { withEnvHidden } from './with-env-hidden';

// The library re-reads these lists (and would report bad names a second time); we pass an explicit `enabled` instead.
const ENV_LISTS = ['OTEL_NODE_ENABLED_INSTRUMENTATIONS', 'OTEL_NODE_DISABLED_INSTRUMENTATIONS'];

/**
 * True when this code runs inside a bundle (Next.js's server chunks): `require.resolve` gives no file path there, and a package named at run time cannot be required. Instrumentations are then all made at start, from static
 * requires the bundler saw.
 */
export function isBundled(): boolean {
  try {
    const resolved: unknown = require.resolve('@opentelemetry/auto-instrumentations-node');
    // A module id (webpack, next build) or a name like `[externals]/…` (Turbopack's dev server).
    return typeof resolved !== 'string' || !isAbsolute(resolved);
  } catch {
    return true;
  }
}

/** Every enabled instrumentation, made now (the way otelkit worked before it loaded them with their libraries). */
export function bundledInstrumentations(
  { instrumentations }: ResolvedConfig,
  defaultConfig: Record<string, Record<string, unknown>>,
): Instrumentation[] {
  const { getNodeAutoInstrumentations } =
    require('@opentelemetry/auto-instrumentations-node') as typeof import('@opentelemetry/auto-instrumentations-node');
  const enabled = new Set(instrumentations.enabled);
  const map: Record<string, Record<string, unknown>> = {};
  for (const name of autoInstrumentationNames) {
    map[`@opentelemetry/instrumentation-${name}`] = {
      ...defaultConfig[name],
      ...instrumentations.config[name],
      enabled: enabled.has(name),
    };
  }
  const result = withEnvHidden(ENV_LISTS, () =>
    getNodeAutoInstrumentations(map as InstrumentationConfigMap),
  );
  // The app's server loaded http before otelkit started (Next.js does): a require now, through the hooks just made,
  // patches the shared module in place for every later caller. Through Node's own require: a bundler's require of a
  // builtin does not pass the hooks.
  if (enabled.has('http')) {
    const nodeRequire = createRequire(join(process.cwd(), 'otelkit.js'));
    nodeRequire('node:http');
    nodeRequire('node:https');
  }
  if (enabled.has('prisma')) {
    const { PrismaInstrumentation } =
      require('@prisma/instrumentation') as typeof import('@prisma/instrumentation');
    result.push(new PrismaInstrumentation(instrumentations.config.prisma ?? {}));
  }
  return result;
}
