import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { instrumentationTable } from './instrumentation-table';

type InstrumentationClass = new (config: Record<string, unknown>) => Instrumentation;

/**
 * Makes the instrumentation of one row of the table, enabled, from its package (the row's static `load`) and its
 * options: otelkit's defaults, then the app's. The one way an instrumentation is made, whether with its library or at
 * start. Throws what the package or the constructor throws: the caller turns that into one line.
 */
export function makeInstrumentation(
  name: string,
  { instrumentations }: ResolvedConfig,
  defaultConfig: Record<string, Record<string, unknown>>,
): Instrumentation {
  const spec = instrumentationTable[name];
  const Class = spec.load()[spec.exportName] as InstrumentationClass;
  return new Class({
    ...defaultConfig[name],
    // Upstream's express takes the options written for otelkit's (the same names), so the two compare as set up.
    ...(name === 'express-upstream' ? instrumentations.config.express : undefined),
    ...instrumentations.config[name],
    enabled: true,
  });
}

/**
 * Inside a bundle (Next.js's server chunks) every enabled instrumentation of the table is made at start: there is no
 * require of the app's to wait for, and each package comes from a static require the bundler saw. One that cannot be
 * made is one line, and the others still run.
 */
export function tableInstrumentationsAtStart(
  config: ResolvedConfig,
  defaultConfig: Record<string, Record<string, unknown>>,
  diag: Diagnostics,
): Instrumentation[] {
  const made: Instrumentation[] = [];
  for (const name of config.instrumentations.enabled) {
    if (!Object.hasOwn(instrumentationTable, name)) continue;
    try {
      made.push(makeInstrumentation(name, config, defaultConfig));
    } catch (error) {
      diag.warn(
        `instrumentation ${name} could not be loaded: ${(error as Error)?.message ?? error}`,
      );
    }
  }
  return made;
}
