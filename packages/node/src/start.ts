import { globalState } from './lifecycle/global-state';
import { noopHandle } from './lifecycle/noop-handle';
import { disabledByEnv, gateDebug } from './preload-gate';
import type { OtelkitHandle, StartOptions } from './types';

/**
 * Starts tracing for this process and returns its handle. Call it before the app loads the libraries it uses (or use
 * `node --require @otelkit/node/register`). Idempotent process-wide: a second call, a second copy of the package, or
 * both preload flags return the first handle. Throws only for invalid `options`; everything else (bad env values, a
 * failing detector, a broken exporter) is reported on stderr and leaves the app running. Disabled (`disabled: true`,
 * or `OTEL_SDK_DISABLED=true` without a `disabled` option), it checks nothing else and loads nothing of the SDK.
 */
export function start(options?: StartOptions): OtelkitHandle {
  return startFrom('start()', options);
}

/** @internal Shared by start() and the preload entries, which name themselves in the startup line. */
export function startFrom(entry: string, options?: StartOptions): OtelkitHandle {
  const disabled = options?.disabled;
  if (disabled === true || (disabled === undefined && disabledByEnv(process.env))) {
    const state = globalState();
    if (state.handle) return state.handle;
    gateDebug(
      process.env,
      `${disabled ? 'option disabled' : 'OTEL_SDK_DISABLED'} is true: tracing is off`,
    );
    state.startedBy = entry;
    return (state.handle = noopHandle());
  }
  // Required here, not imported: importing the package, or a disabled start, loads none of the SDK (~700 modules,
  // ~0.8 s on the 2-core machine of docs/performance.md).
  const { startTracing } = require('./start-tracing') as typeof import('./start-tracing');
  return startTracing(entry, options);
}
