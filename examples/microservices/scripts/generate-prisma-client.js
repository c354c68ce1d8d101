'use strict';
// Generates this example's Prisma client into ./generated (git-ignored), through the repo's shared generator
// (scripts/generate-prisma-client.js, which also explains the offline workaround). Runs on `pnpm install`
// (postinstall) and from the demo when the client is missing.
const path = require('node:path');
const shared = require('../../../scripts/generate-prisma-client.js');

const ROOT = path.join(__dirname, '..');

/** Returns true when the client is there (generated now or already up to date). */
function generatePrismaClient(options = {}) {
  return shared.generatePrismaClient({ ...options, root: ROOT });
}

module.exports = { generatePrismaClient };

if (require.main === module) {
  const ok = generatePrismaClient({ force: process.argv.includes('--force') });
  // On `pnpm install` a failure must not abort the whole workspace install: the demo retries and reports it.
  // An explicit `pnpm generate` does fail.
  if (!ok && process.argv.includes('--force')) process.exitCode = 1;
}
