import type { TracerProvider } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { builtinModules } from 'node:module';
import type { Diagnostics, ResolvedConfig } from '../internal-types';
import { modulesLoadedTooEarly } from '../diag/load-order';
import { instrumentationTable } from '../instrumentations/instrumentation-table';
import { expressDefaults } from '../instrumentations/express-defaults';
import { fastifyDefaults } from '../instrumentations/fastify-defaults';
import { libraryOfRequest } from '../instrumentations/library-name';
import { LoadTrigger } from '../instrumentations/load-trigger';
import { untracedLibraries } from '../instrumentations/untraced-libraries';
import type { UntracedReport } from '../diag/untraced-report';
import { syncEsmAfterBuiltinPatches } from '../instrumentations/sync-builtin-exports';
import { makeInstrumentation } from '../instrumentations/table-at-start';
import { bundledInstrumentations, isBundled } from './bundled-instrumentations';

// otelkit exports traces only: without this, the log instrumentations announce at every start that they have no log
// pipeline to send records to. Trace-id injection into log records stays on. Express: see express-defaults.ts.
const defaultConfig: Record<string, Record<string, unknown>> = {
  pino: { disableLogSending: true },
  winston: { disableLogSending: true },
  express: expressDefaults,
  'express-upstream': expressDefaults,
  fastify: fastifyDefaults,
};

const builtins = new Set(builtinModules);

/** The enabled instrumentations: some made at start, the others as the app loads their libraries. */
export interface ActiveInstrumentations {
  /** How many are enabled (made or waiting for their library). */
  readonly enabledCount: number;
  /** For the start-up line: how they load (with their libraries, or all at start inside a bundle). */
  readonly loading: string;
  /** Libraries of enabled instrumentations the app loaded before otelkit started: their calls will not be traced. */
  readonly loadedTooEarly: string[];
  /** The instrumentations made so far. */
  loaded(): Instrumentation[];
  /** Libraries of the curated untraced list the app loaded so far (each also named in one line). */
  untraced(): string[];
  /** Ties the ones made so far, and every one made later, to the provider. */
  register(tracerProvider: TracerProvider): void;
  /** Disables the ones made and makes no more. */
  disable(): void;
}

/**
 * Sets up the instrumentations resolveConfig selected. An instrumentation package is loaded and made only when the
 * app first loads one of its libraries (`instrumentation-table.ts`), before that library's code runs, so it patches
 * that load the way making it at start would have. Must run after the ESM hook is registered and before the app loads
 * its libraries.
 */
export function createInstrumentations(
  config: ResolvedConfig,
  diag: Diagnostics,
  env: NodeJS.ProcessEnv = process.env,
): ActiveInstrumentations {
  const { instrumentations } = config;
  if (isBundled())
    return madeAtStart(
      bundledInstrumentations(config, defaultConfig, diag),
      instrumentations.extra,
    );
  const made: Instrumentation[] = [...instrumentations.extra];
  let provider: TracerProvider | undefined;
  let registerInstrumentations: typeof import('@opentelemetry/instrumentation').registerInstrumentations;
  const tie = (list: Instrumentation[]) => {
    if (!provider || list.length === 0) return;
    registerInstrumentations ??= (
      require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation')
    ).registerInstrumentations;
    registerInstrumentations({ instrumentations: list, tracerProvider: provider });
  };

  const make = (name: string) => {
    try {
      const instrumentation = makeInstrumentation(name, config, defaultConfig);
      syncEsmAfterBuiltinPatches(instrumentation);
      made.push(instrumentation);
      tie([instrumentation]);
      diag.debug(`instrumentation ${name} loaded`);
    } catch (error) {
      // Called from inside the app's require: never throw there.
      diag.warn(
        `instrumentation ${name} could not be loaded: ${(error as Error)?.message ?? error}`,
      );
    }
  };

  const enabled = instrumentations.enabled.filter((name) => instrumentationTable[name]);
  const byLibrary = new Map<string, string[]>();
  const eager: string[] = [];
  const esmModules: string[] = [];
  for (const name of enabled) {
    const { modules, eager: when } = instrumentationTable[name];
    if (when === 'always' || (when === 'in-lambda' && env.LAMBDA_TASK_ROOT)) eager.push(name);
    esmModules.push(...modules);
    for (const module of modules) {
      const library = libraryOfRequest(module, undefined)!;
      const names = byLibrary.get(library) ?? [];
      if (!names.includes(name)) names.push(name);
      byLibrary.set(library, names);
    }
  }
  const madeNames = new Set<string>();
  // The curated untraced libraries wait in the same lookup as the instrumented ones: no cost per require beyond it.
  // Made when the app loads the first of them (issue 19: start-up is paid per module loaded).
  let report: UntracedReport | undefined;
  const extraModules = instrumentations.extra.flatMap(moduleNamesOf);
  const extraLibraries = new Set(extraModules.map((module) => libraryOfRequest(module, undefined)));
  const untraced = Object.keys(untracedLibraries).filter(
    (library) => !byLibrary.has(library) && !extraLibraries.has(library),
  );
  const loadFor = (library: string) => {
    if (Object.hasOwn(untracedLibraries, library))
      (report ??= new (
        require('../diag/untraced-report') as typeof import('../diag/untraced-report')
      ).UntracedReport(diag)).add(library);
    for (const name of byLibrary.get(library) ?? []) {
      if (madeNames.has(name)) continue;
      madeNames.add(name);
      make(name);
    }
  };
  const trigger = new LoadTrigger([...byLibrary.keys(), ...untraced], loadFor);
  trigger.installRequireHook();
  try {
    trigger.installImportHook(esmModules);
  } catch (error) {
    // ESM imports go unpatched, CommonJS still works: one line, not tracing off.
    diag.warn(`ESM imports will not be traced: ${(error as Error)?.message ?? error}`);
  }

  // A library already loaded gets its instrumentation now, as it did when all were made at start: a later require of
  // it (or of its files) may still be patched. The warning stays: what it did before start is not traced.
  const early = modulesLoadedTooEarly([...byLibrary.keys(), ...extraModules]);
  for (const library of early) trigger.fire(library);
  for (const library of modulesLoadedTooEarly(untraced)) trigger.fire(library);
  // Builtins are not in require.cache: the process's own load list says whether one is loaded (Next.js loads http
  // before its instrumentation hook starts otelkit).
  // Builtins are one shared object: requiring it once more, through the hooks just made, patches it in place for
  // every later caller.
  for (const library of byLibrary.keys()) {
    if (builtinLoaded(library) && trigger.fire(library)) require(library);
  }
  for (const name of eager) {
    madeNames.add(name);
    make(name);
  }

  return {
    enabledCount: enabled.length + instrumentations.extra.length,
    loading: 'loaded with their libraries',
    loadedTooEarly: early.filter((library) => !builtins.has(library)),
    loaded: () => [...made],
    untraced: () => report?.list() ?? [],
    register(tracerProvider) {
      provider = tracerProvider;
      tie(made);
    },
    disable() {
      trigger.stop();
      for (const instrumentation of made) instrumentation.disable();
    },
  };
}

/** Instrumentations all made now: nothing waits for a library. */
function madeAtStart(list: Instrumentation[], extra: Instrumentation[]): ActiveInstrumentations {
  const made = [...list, ...extra];
  return {
    enabledCount: made.length,
    loading: 'made at start (bundled)',
    loadedTooEarly: modulesLoadedTooEarly(made.flatMap(moduleNamesOf)),
    loaded: () => made,
    untraced: () => [],
    register(tracerProvider) {
      const { registerInstrumentations } =
        require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
      registerInstrumentations({ instrumentations: made, tracerProvider });
    },
    disable() {
      for (const instrumentation of made) instrumentation.disable();
    },
  };
}

function builtinLoaded(library: string): boolean {
  if (!builtins.has(library)) return false;
  const list = (process as { moduleLoadList?: readonly string[] }).moduleLoadList;
  return list?.includes(`NativeModule ${library}`) ?? false;
}

function moduleNamesOf(instrumentation: Instrumentation): string[] {
  const definitions =
    (
      instrumentation as { getModuleDefinitions?: () => Array<{ name: string }> }
    ).getModuleDefinitions?.() ?? [];
  return definitions.map(({ name }) => name);
}
