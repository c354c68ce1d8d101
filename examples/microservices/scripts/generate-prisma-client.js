'use strict';
// Generates the Prisma client into ./generated (git-ignored). Runs on `pnpm install` (postinstall)
// and from the demo when the client is missing.
//
// Offline workaround: `prisma generate` tries to download the schema engine, which neither
// generating the client nor the runtime needs (Prisma 7 queries through the driver adapter and the
// bundled query compiler). Pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing file (the node
// binary) skips that download.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma');
const CLIENT = path.join(ROOT, 'generated', 'prisma', 'index.js');

function isUpToDate() {
  return fs.existsSync(CLIENT) && fs.statSync(CLIENT).mtimeMs >= fs.statSync(SCHEMA).mtimeMs;
}

/** Returns true when the client is there (generated now or already up to date). */
function generatePrismaClient({ force = false, quiet = false, log = () => {} } = {}) {
  if (!force && isUpToDate()) return true;
  log('Generating the Prisma client into examples/microservices/generated/ ...');
  const result = spawnSync(
    process.execPath,
    [require.resolve('prisma/build/index.js'), 'generate', '--schema', SCHEMA],
    {
      cwd: ROOT,
      stdio: quiet ? 'pipe' : 'inherit',
      encoding: 'utf8',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
      timeout: 120_000,
    },
  );
  if (result.status === 0 && fs.existsSync(CLIENT)) return true;
  const reason = result.error?.message ?? `${result.stderr ?? ''}${result.stdout ?? ''}`.trim();
  console.error(`examples/microservices: prisma generate failed${reason ? `: ${reason}` : ''}`);
  return false;
}

module.exports = { generatePrismaClient };

if (require.main === module) {
  const ok = generatePrismaClient({ force: process.argv.includes('--force') });
  // On `pnpm install` a failure must not abort the whole workspace install: the demo retries and
  // reports it. An explicit `pnpm generate` does fail.
  if (!ok && process.argv.includes('--force')) process.exitCode = 1;
}
