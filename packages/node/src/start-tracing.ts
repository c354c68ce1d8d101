import { createDiagnostics, setProcessDiagnostics } from '@otelkit/core';
import { resolveConfig } from './config/resolve-config';
import { validateOptions } from './config/validate-options';
import { bridgeOtelDiag } from './diag/otel-diag-bridge';
import { exportSecrets } from './diag/secrets';
import { globalState } from './lifecycle/global-state';
import { noopHandle } from './lifecycle/noop-handle';
import { pluginPropagatorNames } from './plugins/propagation';
import { resolvePlugins } from './plugins/resolve-plugins';
import { startSdk } from './start-sdk';
import type { OtelkitHandle, StartOptions } from './types';

/**
 * start() once it is known not to be disabled up front: validates the options, resolves the configuration, and
 * starts the SDK. Loaded by start() only then (it pulls in the SDK, the exporter and the instrumentations).
 */
export function startTracing(entry: string, options?: StartOptions): OtelkitHandle {
  const validated = validateOptions(options, pluginPropagatorNames);
  const state = globalState();
  if (state.handle) {
    state.diag?.debug(`already started by ${state.startedBy}; ${entry} reuses that SDK`);
    return state.handle;
  }
  const { config, problems } = resolveConfig(validated, process.env, pluginPropagatorNames);
  const diag = createDiagnostics({ prefix: '@otelkit/node', level: config.logLevel });
  // Before the first line, and process-wide: the sibling packages print through this channel, with its level and
  // its secrets, instead of each keeping its own.
  diag.addSecrets(exportSecrets(config.exporterConfig));
  setProcessDiagnostics(diag);
  // One line per bad variable (warn, not warnOnce): no problem may hide another behind a shared key.
  for (const problem of problems) diag.warn(problem);
  state.diag = diag;
  state.startedBy = entry;
  if (config.disabled) {
    diag.debug('OTEL_SDK_DISABLED is true: tracing is off');
    return (state.handle = noopHandle());
  }
  const plugins = resolvePlugins(config, process.env, diag);
  bridgeOtelDiag(diag, config.logLevel);
  try {
    state.handle = startSdk(config, plugins, process.env, diag, entry);
  } catch (error) {
    // The message for the app's log; the stack only when asked for (a stack per start is noise, not a diagnosis).
    diag.error(`could not start, tracing is off: ${(error as Error)?.message ?? error}`);
    diag.debug(`could not start: ${(error as Error)?.stack ?? error}`);
    state.handle = noopHandle();
  }
  return state.handle;
}
