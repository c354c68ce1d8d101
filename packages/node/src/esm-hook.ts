import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { globalState } from './lifecycle/global-state';

/**
 * Registers import-in-the-middle's loader hook so ESM-imported libraries get patched. Must run before start(): the
 * instrumentations created there tell the hook (through this message channel) which modules to wrap, and nothing else is
 * wrapped. Returns a function whose promise resolves when the hook has acknowledged them; `--import` awaits it before the app's
 * first import. Registered once per process.
 */
export function registerEsmHook(): () => Promise<void> {
  const state = globalState();
  if (state.waitForEsmHook) return state.waitForEsmHook;
  // Same copy of import-in-the-middle as @opentelemetry/instrumentation uses (one version in the catalog).
  const iitm = require('import-in-the-middle') as {
    createAddHookMessageChannel(): {
      registerOptions: { data: unknown; transferList: unknown[] };
      waitForAllMessagesAcknowledged(): Promise<void>;
    };
  };
  const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
  const hook = pathToFileURL(require.resolve('import-in-the-middle/hook.mjs')).href;
  register(hook, pathToFileURL(__filename).href, registerOptions as Parameters<typeof register>[1]);
  // Asked for lazily and once: each wait holds an interval open until the acknowledgement arrives.
  let ack: Promise<void> | undefined;
  state.waitForEsmHook = () => (ack ??= waitForAllMessagesAcknowledged());
  return state.waitForEsmHook;
}
