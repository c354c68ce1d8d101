import type { Diagnostics } from '../internal-types';
import type { OtelkitHandle } from '../types';

/** Process-wide, on a registered symbol: two copies of the package (or --require plus --import) still share it. */
export interface GlobalState {
  handle?: OtelkitHandle;
  diag?: Diagnostics;
  /** Which entry started the SDK: `require`, `import` or `start`. */
  startedBy?: string;
  /** Resolves once the ESM loader hook has acknowledged every module the instrumentations asked for. */
  waitForEsmHook?: () => Promise<void>;
  /** Set when the ESM hook runs in-thread: adds module names to wrap, taking effect at the next import. */
  includeInEsmHook?: (modules: string[]) => void;
}

const KEY = Symbol.for('otelkit.node.state');

export function globalState(): GlobalState {
  const holder = globalThis as unknown as Record<symbol, GlobalState | undefined>;
  return (holder[KEY] ??= {});
}
