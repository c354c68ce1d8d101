import Module, { register } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Env } from '@otelkit/core';
import { globalState } from './lifecycle/global-state';
import { gateDebug, gateDiagnostics } from './preload-gate';

/** Where import-in-the-middle's loader runs: `auto` (in-thread where Node supports it) or `thread`; default `auto`. */
export const ESM_HOOK = 'OTELKIT_ESM_HOOK';
const ESM_HOOK_VALUES = ['auto', 'thread'];

interface MessagePortLike {
  on(event: 'message', listener: (modules: string[]) => void): { unref(): void };
  postMessage(message: unknown): void;
}

interface Iitm {
  createAddHookMessageChannel(): {
    registerOptions: { data: { addHookMessagePort: MessagePortLike }; transferList: unknown[] };
    waitForAllMessagesAcknowledged(): Promise<void>;
  };
}

/**
 * Registers import-in-the-middle's loader hook so ESM-imported libraries get patched. Must run before start(): the
 * instrumentations created there name the modules to wrap, and nothing else is wrapped. Returns a function whose
 * promise resolves when the hook has taken every name sent so far; `--import` awaits it before the app's first
 * import. Registered once per process.
 *
 * In-thread (`module.registerHooks`) where import-in-the-middle supports it (Node >= 22.22.3, >= 24.11.1,
 * >= 25.1.0, >= 26): no loader thread, and imports are not sent across threads (start-up of an express app under
 * `--import` on Node 22: +3 ms of CPU against +115 ms). Elsewhere, or with `OTELKIT_ESM_HOOK=thread`, the loader
 * thread of `module.register`.
 */
export function registerEsmHook(): () => Promise<void> {
  const state = globalState();
  if (state.waitForEsmHook) return state.waitForEsmHook;
  // Same copy of import-in-the-middle as @opentelemetry/instrumentation uses (one version in the catalog).
  const iitm = require('import-in-the-middle') as Iitm;
  // Every Hook() made with module names sends them through this channel, in either mode: an extra instrumentation
  // of the app's is wrapped as before.
  const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
  if (esmHookMode(process.env) === 'in-thread') {
    const include = new IncludedModules();
    const port = registerOptions.data.addHookMessagePort;
    port
      .on('message', (modules) => {
        include.add(modules);
        port.postMessage('ack');
      })
      .unref();
    // The instrumentation table's names, handed over at once by installImportHook: the app's first import may be
    // resolved before a message on the channel is delivered (an ES module entry under `--require` awaits nothing).
    state.includeInEsmHook = (modules) => include.add(modules);
    const sync = require('import-in-the-middle/register-hooks.mjs') as {
      register(options: { shouldInclude(url: string, specifier: string): boolean }): void;
    };
    sync.register({ shouldInclude: (url, specifier) => include.has(url, specifier) });
    gateDebug(process.env, 'ESM hook: in-thread (module.registerHooks)');
  } else {
    const hook = pathToFileURL(require.resolve('import-in-the-middle/hook.mjs')).href;
    register(
      hook,
      pathToFileURL(__filename).href,
      registerOptions as unknown as Parameters<typeof register>[1],
    );
    gateDebug(process.env, 'ESM hook: loader thread (module.register)');
  }
  // Asked for lazily and once: each wait holds an interval open until the acknowledgement arrives.
  let ack: Promise<void> | undefined;
  state.waitForEsmHook = () => (ack ??= waitForAllMessagesAcknowledged());
  return state.waitForEsmHook;
}

/** `in-thread` when this Node runs import-in-the-middle's synchronous hooks and `OTELKIT_ESM_HOOK` allows it. */
export function esmHookMode(env: Env): 'in-thread' | 'thread' {
  if (forcedThread(env)) return 'thread';
  // Node 20 has no registerHooks, and cannot require() the ES module that asks iitm (no require(esm) there).
  if (typeof (Module as { registerHooks?: unknown }).registerHooks !== 'function') return 'thread';
  const { supportsSyncHooks } = require('import-in-the-middle/supports-sync-hooks.mjs') as {
    supportsSyncHooks(): boolean;
  };
  return supportsSyncHooks() ? 'in-thread' : 'thread';
}

function forcedThread(env: Env): boolean {
  const value = env[ESM_HOOK];
  if (typeof value !== 'string' || value.trim() === '') return false;
  const normalized = value.trim().toLowerCase();
  if (ESM_HOOK_VALUES.includes(normalized)) return normalized === 'thread';
  const { EnvReader } = require('@otelkit/core') as typeof import('@otelkit/core');
  const read = new EnvReader(env);
  read.problem(ESM_HOOK, `is not one of ${ESM_HOOK_VALUES.join(', ')}`, 'auto');
  gateDiagnostics(env).warn(read.problems[0]);
  return false;
}

/**
 * The modules the in-thread hook wraps: what import-in-the-middle's loader thread keeps from the same messages (a
 * name matches the import specifier or the resolved URL, a builtin also under `node:`, an absolute path the file),
 * asked once per resolved ES module.
 */
class IncludedModules {
  private readonly names = new Set<string>();
  private readonly paths = new Set<string>();

  add(modules: readonly unknown[]): void {
    for (const name of modules) {
      if (typeof name !== 'string') continue;
      this.names.add(name);
      if (!name.startsWith('node:') && Module.isBuiltin(name)) this.names.add(`node:${name}`);
      if (isAbsolute(name)) this.paths.add(name);
    }
  }

  has(url: string, specifier: string): boolean {
    if (this.names.has(specifier) || this.names.has(url)) return true;
    if (this.paths.size === 0 || !url.startsWith('file:')) return false;
    try {
      return this.paths.has(fileURLToPath(url));
    } catch {
      return false;
    }
  }
}
