import { readFileSync, realpathSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

/**
 * Whether node runs `script` (`process.argv[1]`) as an ES module: `.mjs`/`.mts`, or `.js` (any extension but
 * `.cjs`/`.cts`) under a nearest package.json with `"type": "module"`, the rule node applies to the main entry.
 * A `.js` file that is ESM only by its syntax (node 22's module detection) is not seen: such an app uses `--import`.
 * Never throws: anything unreadable counts as CommonJS.
 */
export function isEsmEntry(script: string | undefined): boolean {
  if (!script) return false;
  const file = mainFile(script);
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  return nearestPackageType(dirname(file)) === 'module';
}

/** The file node loads for `script`: extensions and directory mains as require resolves them, links followed. */
function mainFile(script: string): string {
  const absolute = resolve(script);
  try {
    return realpathSync(require.resolve(absolute));
  } catch {
    return absolute;
  }
}

function nearestPackageType(start: string): unknown {
  for (let dir = start; ; dir = dirname(dir)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      // none here: look one directory up
    }
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown })?.type;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
