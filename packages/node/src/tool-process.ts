/**
 * Package managers and their launchers, by the name of the script node runs (`process.argv[1]`). A preload in
 * `NODE_OPTIONS` reaches them too (`NODE_OPTIONS=--require … npm start` runs npm's own CLI under it before the app),
 * and a second SDK there only prints an `unknown_service:node` line and slows every command.
 *
 * Seen on real installs: `/usr/bin/npm`, `/usr/bin/npx`, `/usr/bin/corepack` (argv[1] is the link, not its
 * target), `…/node_modules/.bin/pnpm` (`npx pnpm@10`), `…/npm/bin/npm-cli.js` (npm.cmd, volta),
 * `…/pnpm/bin/pnpm.cjs`, `…/yarn/bin/yarn.js`, `…/corepack/dist/yarn.js`, `.yarn/releases/yarn-4.5.0.cjs`.
 */
const DISTINCT =
  /^(?:npm-cli\.js|npx-cli\.js|pnpm\.c?js|pnpx\.c?js|pnpm\.mjs|yarn-\d[\w.-]*\.c?js)$/;
/** Names an app could also use: a tool only inside node_modules or a bin directory. */
const GENERIC = /^(?:npm|npx|pnpm|pnpx|yarn|yarnpkg|corepack)(?:\.c?js)?$/;
const TOOL_DIRS = new Set(['node_modules', 'bin', '.bin', '.yarn']);

/** The tool's name (`npm`, `pnpm`, …) when `script` is a package manager's CLI, else undefined. */
export function toolOf(script: string | undefined): string | undefined {
  if (!script) return undefined;
  // Either separator: a Windows path is a Windows path whatever platform reads it.
  const parts = script.split(/[\\/]/);
  const name = parts.pop()!;
  const generic = GENERIC.test(name);
  if (!generic && !DISTINCT.test(name)) return undefined;
  if (generic && !parts.some((dir) => TOOL_DIRS.has(dir))) return undefined;
  return /^[a-z]+/.exec(name)![0];
}
