import { toolOf } from '../../src/tool-process';

// `process.argv[1]` as node sets it (the path typed or linked, not resolved), from real installs.
describe('toolOf: a package manager’s own process is recognised by the script node runs', () => {
  test.each<[string | undefined, string | undefined]>([
    // npm 11 (Debian, nvm): the bin link, and the CLI file itself (npm.cmd, volta)
    ['/usr/bin/npm', 'npm'],
    ['/usr/bin/npx', 'npx'],
    ['/home/u/.nvm/versions/node/v22.11.0/bin/npm', 'npm'],
    ['/usr/lib/node_modules/npm/bin/npm-cli.js', 'npm'],
    ['/usr/lib/node_modules/npm/bin/npx-cli.js', 'npx'],
    ['C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js', 'npm'],
    // pnpm: `npx pnpm@10` (the .bin link), the package's own files, corepack's
    ['/root/.npm/_npx/a1a38f5f0f780954/node_modules/.bin/pnpm', 'pnpm'],
    ['/root/.npm/_npx/a1a38f5f0f780954/node_modules/pnpm/bin/pnpm.cjs', 'pnpm'],
    ['/root/.npm/_npx/a1a38f5f0f780954/node_modules/pnpm/bin/pnpx.cjs', 'pnpx'],
    ['/opt/pnpm/dist/pnpm.mjs', 'pnpm'],
    ['/usr/lib/node_modules/corepack/dist/pnpm.js', 'pnpm'],
    // yarn 1, yarn berry's checked-in release, corepack
    ['/usr/local/lib/node_modules/yarn/bin/yarn.js', 'yarn'],
    ['/usr/local/bin/yarn', 'yarn'],
    ['/srv/app/.yarn/releases/yarn-4.5.0.cjs', 'yarn'],
    ['/usr/lib/node_modules/corepack/dist/yarn.js', 'yarn'],
    ['/usr/bin/corepack', 'corepack'],
    ['/usr/lib/node_modules/corepack/dist/corepack.js', 'corepack'],
  ])('%s → %s', (script, tool) => {
    expect(toolOf(script)).toBe(tool);
  });

  test.each<[string | undefined]>([
    [undefined], // node -e, the REPL
    [''],
    ['/srv/app/server.js'],
    ['/srv/app/dist/main.mjs'],
    // an app's own file that happens to carry a tool's name, outside node_modules and bin directories
    ['/srv/npm/index.js'],
    ['/srv/app/yarn.js'],
    ['/srv/app/scripts/npm'],
    // tools that are not package managers: traced as any app
    ['/srv/app/node_modules/.bin/next'],
    ['/srv/app/node_modules/typescript/bin/tsc'],
    ['/srv/app/node_modules/npm-run-all/bin/run-p/index.js'],
  ])('%s → not a tool', (script) => {
    expect(toolOf(script)).toBeUndefined();
  });
});
