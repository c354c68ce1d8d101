'use strict';
// Generates an example's Prisma client into <example>/generated (git-ignored). Shared by the examples that use
// Prisma: each runs it on `pnpm install` (postinstall, from the example's directory) and before using the client.
//
// Offline workaround: `prisma generate` tries to download the schema engine, which neither generating the client nor
// the runtime needs (Prisma 7 queries through the driver adapter and the bundled query compiler). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file (the node binary) skips that download.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * Returns true when the client of the example in `root` is there (generated now or already up to date).
 * `root` holds prisma/schema.prisma (output `../generated/prisma`) and depends on `prisma`.
 */
function generatePrismaClient({
  root = process.cwd(),
  force = false,
  quiet = false,
  log = () => {},
} = {}) {
  const schema = path.join(root, 'prisma', 'schema.prisma');
  const client = path.join(root, 'generated', 'prisma', 'index.js');
  const name = path.relative(path.join(__dirname, '..'), root) || root;
  const upToDate =
    fs.existsSync(client) && fs.statSync(client).mtimeMs >= fs.statSync(schema).mtimeMs;
  if (!force && upToDate) return true;
  log(`Generating the Prisma client into ${name}/generated/ ...`);
  const result = spawnSync(
    process.execPath,
    [require.resolve('prisma/build/index.js', { paths: [root] }), 'generate', '--schema', schema],
    {
      cwd: root,
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
  if (result.status === 0 && fs.existsSync(client)) return true;
  const reason = result.error?.message ?? `${result.stderr ?? ''}${result.stdout ?? ''}`.trim();
  console.error(`${name}: prisma generate failed${reason ? `: ${reason}` : ''}`);
  return false;
}

module.exports = { generatePrismaClient };

if (require.main === module) {
  const ok = generatePrismaClient({ force: process.argv.includes('--force') });
  // On `pnpm install` a failure must not abort the whole workspace install: the example retries and reports it.
  // An explicit `--force` run does fail.
  if (!ok && process.argv.includes('--force')) process.exitCode = 1;
}
