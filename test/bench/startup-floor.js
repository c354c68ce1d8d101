'use strict';
// Preload of startup.js's floor variant: requires, by absolute path and in the order they first loaded, the files
// that `--require @otelkit/node/register` adds to the express app's module cache, minus otelkit's own
// (STARTUP_FLOOR_MODULES names a JSON list of them). It constructs and starts nothing, and resolves no package
// name, so its added time is a lower bound for any distribution built on the same upstream packages.
const fs = require('node:fs');

for (const file of JSON.parse(fs.readFileSync(process.env.STARTUP_FLOOR_MODULES, 'utf8')))
  require(file);
