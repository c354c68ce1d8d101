import { processDiagnostics } from '@otelkit/core';
import type { OtelkitHandle } from '@otelkit/node';
import { PACKAGE } from './package-name';
import { validateNextOptions } from './resolve-next-options';
import { startInNode } from './start-in-node';
import type { NextOtelOptions, RegisterResult } from './types';

type NodeModule = Pick<typeof import('@otelkit/node'), 'start'>;

// A dynamic import keeps @otelkit/node (and every instrumentation) out of any bundle that follows static imports.
const loadNode = (): Promise<NodeModule> => import('@otelkit/node');

/**
 * Call from `register()` in `instrumentation.ts`. In the Node.js runtime it starts @otelkit/node with Next.js-aware
 * defaults and resolves with its handle; in the edge runtime it does nothing and resolves with undefined. Throws only
 * for invalid options; any failure to start is reported on stderr and leaves the app running untraced.
 */
export function registerOTel(options: NextOtelOptions = {}): RegisterResult {
  validateNextOptions(options);
  return registerWith(loadNode, options, process.env.NEXT_RUNTIME);
}

/** @internal The loader is a parameter so unit tests can hand in the TypeScript sources. */
export async function registerWith(
  load: () => Promise<NodeModule>,
  options: NextOtelOptions,
  runtime: string | undefined,
): Promise<OtelkitHandle | undefined> {
  if (runtime !== 'nodejs') return undefined;
  let node: NodeModule;
  try {
    node = await load();
  } catch (error) {
    processDiagnostics(PACKAGE).error(
      `could not load @otelkit/node, tracing is off: ${String(error)}`,
    );
    return undefined;
  }
  return startInNode(node, options);
}
