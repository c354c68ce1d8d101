import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { allInstrumentationNames } from '../../src/config/known-names';
import {
  instrumentationPackage,
  instrumentationTable,
} from '../../src/instrumentations/instrumentation-table';

// The packages are dependencies of auto-instrumentations-node, loaded from there as create-instrumentations does.
const fromAuto = createRequire(require.resolve('@opentelemetry/auto-instrumentations-node'));
const load = (name: string) =>
  (name === 'prisma' ? require : fromAuto)(instrumentationPackage(name)) as Record<
    string,
    new (config: object) => Instrumentation
  >;

const definedModules = (instrumentation: Instrumentation) =>
  [
    ...new Set(
      (instrumentation as unknown as { getModuleDefinitions(): Array<{ name: string }> })
        .getModuleDefinitions()
        .map(({ name }) => name),
    ),
  ].sort();

describe('the static instrumentation table matches the packages', () => {
  test('one row per known instrumentation name, and no other', () => {
    expect(Object.keys(instrumentationTable).sort()).toEqual([...allInstrumentationNames].sort());
  });

  test.each(Object.keys(instrumentationTable))(
    '%s: the export exists and its init() declares exactly the modules of the table',
    (name) => {
      const { exportName, modules } = instrumentationTable[name];
      const Class = load(name)[exportName];
      expect(typeof Class).toBe('function');
      // Disabled: nothing is hooked; init() has still run.
      const instrumentation = new Class({ enabled: false });
      expect(definedModules(instrumentation)).toEqual([...modules].sort());
    },
  );

  test('made at start: those with no load to wait for', () => {
    const eager = Object.entries(instrumentationTable)
      .filter(([, spec]) => spec.eager)
      .map(([name, spec]) => [name, spec.eager, spec.modules.length]);
    expect(eager).toEqual([
      ['aws-lambda', 'in-lambda', 0],
      ['host-metrics', 'always', 0],
      ['runtime-node', 'always', 0],
      ['undici', 'always', 0],
      ['prisma', 'always', 1],
    ]);
  });
});
