import Module, { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { globalState } from '../lifecycle/global-state';
import { libraryOfRequest, libraryOfUrl } from './library-name';

type RequireFn = (this: { filename?: string }, id: string, ...rest: unknown[]) => unknown;
type GetBuiltin = (id: string) => unknown;
type ImportHook = (url: string, namespace: unknown, specifier: unknown, format: unknown) => void;
interface Iitm {
  Hook: new (modules: string[], options: object, hookFn: () => void) => { unhook(): void };
  addHook(hook: ImportHook): void;
}

/**
 * Calls `load(library)` the first time the app loads a library in `libraries`, BEFORE the library's code runs, so an
 * instrumentation made there hooks that very load: through CommonJS `require` (and `process.getBuiltinModule`), and
 * through import-in-the-middle's import hooks for ESM. `load` must not throw; it is called once per library.
 */
export class LoadTrigger {
  private readonly pending: Set<string>;
  private readonly load: (library: string) => void;

  constructor(libraries: Iterable<string>, load: (library: string) => void) {
    this.pending = new Set(libraries);
    this.load = load;
  }

  /** Libraries not loaded yet. */
  waiting(): number {
    return this.pending.size;
  }

  /** Stops loading anything more; the hooks stay (another hook may sit above them) but pass every call through. */
  stop(): void {
    this.pending.clear();
  }

  /** Loads `library` now if it is still waiting. True if it was. */
  fire(library: string | undefined): boolean {
    if (library === undefined || !this.pending.delete(library)) return false;
    this.load(library);
    return true;
  }

  installRequireHook(): void {
    const proto = Module.prototype as unknown as { require: RequireFn };
    const previous = proto.require;
    const pending = this.pending;
    const fire = (library: string | undefined) => this.fire(library);
    // Runs for every require of the process (hundreds at start); the common miss is one string scan and Set lookup.
    proto.require = function otelkitLoadTrigger(this: { filename?: string }, id, ...rest) {
      if (pending.size > 0 && typeof id === 'string') {
        const above = proto.require;
        if (fire(libraryOfRequest(id, this?.filename)) && proto.require !== above) {
          // The instrumentation just made installed require-in-the-middle above this hook: go through it, so that
          // this very require is patched (it sees the library as not loaded yet).
          return proto.require.call(this, id, ...rest);
        }
      }
      return previous.call(this, id, ...rest);
    };
    const holder = process as { getBuiltinModule?: GetBuiltin };
    const get = holder.getBuiltinModule;
    if (typeof get !== 'function') return;
    holder.getBuiltinModule = function otelkitLoadTrigger(this: unknown, id: string) {
      if (pending.size > 0 && typeof id === 'string') {
        const above = holder.getBuiltinModule;
        if (fire(libraryOfRequest(id, undefined)) && holder.getBuiltinModule !== above) {
          return holder.getBuiltinModule!.call(this, id);
        }
      }
      return get.call(this, id);
    };
  }

  /**
   * ESM: tells the loader hook (when one is registered) to wrap `modules` — what the instrumentations would have told
   * it when made — and loads an instrumentation when import-in-the-middle hands over one of its libraries. iitm calls
   * its hooks in a loop that does not see hooks added during it, so the hooks the new instrumentation adds are run
   * here, once, for this module; later imports reach them the normal way.
   */
  installImportHook(modules: string[]): void {
    // The copy @opentelemetry/instrumentation uses: its hooks are the ones to run. Bundled (Next.js's server chunks),
    // require.resolve gives a module id, not a path, and there is no loader hook to tell anything: CommonJS only.
    const resolved: unknown = require.resolve('@opentelemetry/instrumentation');
    if (typeof resolved !== 'string' || !isAbsolute(resolved)) return;
    const fromInstrumentation = createRequire(resolved);
    const main = fromInstrumentation.resolve('import-in-the-middle');
    const iitm = fromInstrumentation(main) as Iitm;
    const { importHooks } = fromInstrumentation(join(dirname(main), 'lib', 'register.js')) as {
      importHooks: ImportHook[];
    };
    // The in-thread hook (esm-hook.ts) takes the names now; the loader thread gets them through Hook()'s message.
    globalState().includeInEsmHook?.(modules);
    if (modules.length > 0) new iitm.Hook(modules, {}, () => undefined).unhook();
    iitm.addHook((url, namespace, specifier, format) => {
      if (this.pending.size === 0 || typeof url !== 'string') return;
      const before = importHooks.length;
      if (!this.fire(libraryOfUrl(url))) return;
      for (const hook of importHooks.slice(before)) hook(url, namespace, specifier, format);
    });
  }
}
