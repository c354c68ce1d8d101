import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules);

/**
 * Which of `libraries` (names of instrumented packages; builtins are ignored) were already in the CommonJS cache when
 * the SDK started: they were loaded before patching was possible, so their calls will not produce spans. ESM imports
 * do not show up here.
 */
export function modulesLoadedTooEarly(
  libraries: Iterable<string>,
  cache: Record<string, unknown> = require.cache,
): string[] {
  const wanted = new Set<string>();
  for (const name of libraries) {
    if (!builtins.has(name) && !name.startsWith('node:')) wanted.add(name);
  }
  if (wanted.size === 0) return [];
  const loaded = new Set<string>();
  for (const file of Object.keys(cache)) {
    const name = packageNameOf(file);
    if (name && wanted.has(name)) loaded.add(name);
  }
  return [...loaded].sort();
}

/** The package a cached file belongs to: the segment after its last `node_modules/`. */
export function packageNameOf(file: string): string | undefined {
  const at = file.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}
