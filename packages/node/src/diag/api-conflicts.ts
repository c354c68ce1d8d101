import { trace } from '@opentelemetry/api';
import { packageNameOf } from './load-order';

const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/**
 * Problems that make spans silently go nowhere: a TracerProvider someone else registered (ours would be refused), or
 * two copies of @opentelemetry/api in the process (instrumentations bound to the other copy may not see our provider).
 * Returns one human line per problem.
 */
export function findApiConflicts(cache: Record<string, unknown> = require.cache): string[] {
  const problems: string[] = [];
  const registered = (globalThis as Record<symbol, { trace?: unknown } | undefined>)[API_GLOBAL];
  if (registered?.trace) {
    const name = describeProvider(trace.getTracerProvider());
    problems.push(
      `another TracerProvider (${name}) was registered before otelkit started; it stays in place and otelkit's provider is used only by otelkit's instrumentations. Remove the other SDK setup.`,
    );
  }
  const copies = new Set<string>();
  for (const file of Object.keys(cache)) {
    if (packageNameOf(file) === '@opentelemetry/api' && file.endsWith('/build/src/index.js'))
      copies.add(file);
  }
  if (copies.size > 1) {
    problems.push(
      `more than one copy of @opentelemetry/api is loaded (${[...copies].join(', ')}); deduplicate it (npm dedupe / pnpm overrides) so every library shares one.`,
    );
  }
  return problems;
}

function describeProvider(provider: unknown): string {
  const delegate = (provider as { getDelegate?: () => unknown }).getDelegate?.() ?? provider;
  return (delegate as { constructor?: { name?: string } })?.constructor?.name ?? 'unknown';
}
