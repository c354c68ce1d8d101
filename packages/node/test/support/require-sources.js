'use strict';
// For child processes of unit tests: `node --require ./require-sources.js …` loads the workspace packages from their
// TypeScript sources, compiled by swc as jest compiles them (no build, no type check), with `@otelkit/<pkg>` and
// `@otelkit/<pkg>/distro` mapped as in jest.config.js. A fresh process has a fresh module cache, which is what a
// test of what gets loaded needs.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');

const packages = path.resolve(__dirname, '../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@otelkit\/([a-z-]+)(\/distro)?$/.exec(request);
  if (match) return path.join(packages, match[1], 'src', match[2] ? 'distro.ts' : 'index.ts');
  return resolve.call(this, request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
