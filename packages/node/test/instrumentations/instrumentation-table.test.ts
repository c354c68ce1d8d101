import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { allInstrumentationNames, defaultInstrumentationNames } from '../../src/config/known-names';
import {
  instrumentationPackage,
  instrumentationTable,
} from '../../src/instrumentations/instrumentation-table';

// The packages are dependencies of auto-instrumentations-node, loaded from there as create-instrumentations does;
// the others through the row's own `load`.
const fromAuto = createRequire(require.resolve('@opentelemetry/auto-instrumentations-node'));
const load = (name: string) =>
  (instrumentationTable[name].load?.() ?? fromAuto(instrumentationPackage(name))) as Record<
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
      const { exportName, modules, listensOnChannel } = instrumentationTable[name];
      const Class = load(name)[exportName];
      expect(typeof Class).toBe('function');
      // Disabled: nothing is hooked; init() has still run.
      const instrumentation = new Class({ enabled: false });
      // One that listens on a channel patches nothing: its modules only say when to make it.
      expect(definedModules(instrumentation)).toEqual(listensOnChannel ? [] : [...modules].sort());
    },
  );

  test.each([
    ['fastify', '@fastify/otel', ['fastify'], undefined],
    ['postgres-js', '@otelkit/node', [], 'always'],
  ])(
    '%s ships in %s, is made on the first load of %j (eager: %s) and is on by default',
    (name, packageName, modules, eager) => {
      const spec = instrumentationTable[name];
      expect([instrumentationPackage(name), spec.modules, spec.eager]).toEqual([
        packageName,
        modules,
        eager,
      ]);
      expect(defaultInstrumentationNames).toContain(name);
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
      ['postgres-js', 'always', 0],
    ]);
  });
});
