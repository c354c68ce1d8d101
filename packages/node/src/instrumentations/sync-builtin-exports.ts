import { builtinModules, syncBuiltinESMExports } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';

interface PatchableDefinition {
  name: string;
  patch?: (exports: unknown, version?: string) => unknown;
  unpatch?: (exports: unknown, version?: string) => void;
}

const builtins = new Set(builtinModules);

/**
 * Makes every patch (and unpatch) `instrumentation` applies to a builtin reach ESM named imports too:
 * `import { get } from 'node:http'` and `import * as http` read the builtin's ESM facade, whose exports node copies
 * from the CommonJS object only when the builtin is loaded publicly. require-in-the-middle patches the object after
 * that load and answers later requires from its own cache, and instrumentation-http patches once per process (the
 * ESM namespace import-in-the-middle hands over later is skipped), so a facade linked before the patch kept the
 * unpatched functions: a CommonJS package (express) requiring http ahead of the app's own `import { get }`, or a
 * builtin imported by an earlier `--import`. syncBuiltinESMExports copies them again: 0.06-0.07 ms a call with ~150
 * builtins loaded (node 20 and 22), two or three calls per process (http, https, the ESM namespace), once.
 */
export function syncEsmAfterBuiltinPatches(instrumentation: Instrumentation): void {
  // The definitions its hooks call (getModuleDefinitions() builds new ones). `_modules` is protected in
  // InstrumentationBase (pinned in the catalog); were it renamed, esm-builtins.test.ts fails on the preloaded rows.
  const definitions = (instrumentation as unknown as { _modules?: unknown })._modules;
  if (!Array.isArray(definitions)) return;
  for (const definition of definitions as PatchableDefinition[]) {
    if (typeof definition?.name !== 'string') continue;
    const name = definition.name.startsWith('node:') ? definition.name.slice(5) : definition.name;
    if (!builtins.has(name)) continue;
    const { patch, unpatch } = definition;
    if (typeof patch === 'function') {
      definition.patch = function otelkitPatchThenSync(this: unknown, exports, version) {
        const patched = patch.call(this, exports, version);
        syncQuietly();
        return patched;
      };
    }
    if (typeof unpatch === 'function') {
      definition.unpatch = function otelkitUnpatchThenSync(this: unknown, exports, version) {
        unpatch.call(this, exports, version);
        syncQuietly();
      };
    }
  }
}

function syncQuietly(): void {
  try {
    syncBuiltinESMExports();
  } catch {
    // Runs inside the app's require: a builtin whose getter throws must not break it; the default import still works.
  }
}
