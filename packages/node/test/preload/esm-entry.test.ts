import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isEsmEntry } from '../../src/esm-entry';

// A project tree in a temp dir: where a file is, and which package.json is nearest, decide.
let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'otelkit-esm-entry-'));
  const file = (relative: string, text = '') => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  file('cjs/package.json', '{"name":"cjs"}');
  file('cjs/server.js');
  file('cjs/server.mjs');
  file('cjs/dir/index.js');
  file('esm/package.json', '{"type":"module"}');
  file('esm/server.js');
  file('esm/server.cjs');
  file('esm/src/deep/main.js');
  file('esm/nested-cjs/package.json', '{"type":"commonjs"}');
  file('esm/nested-cjs/main.js');
  file('esm/typed.ts');
  file('esm/typed.mts');
  file('esm/typed.cts');
  file('broken/package.json', '{not json');
  file('broken/server.js');
  mkdirSync(path.join(root, 'bin'));
  symlinkSync(path.join(root, 'esm', 'server.js'), path.join(root, 'bin', 'esm-cli'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('isEsmEntry: node’s rule for the main entry', () => {
  test.each<[string | undefined, boolean]>([
    [undefined, false],
    ['cjs/server.js', false],
    ['cjs/server', false], // node server → server.js
    ['cjs/dir', false], // a directory's index.js
    ['cjs/server.mjs', true],
    ['esm/server.js', true],
    ['esm/server', true],
    ['esm/server.cjs', false],
    ['esm/src/deep/main.js', true], // nearest package.json is two levels up
    ['esm/nested-cjs/main.js', false], // the nearest one wins
    ['esm/typed.ts', true],
    ['esm/typed.mts', true],
    ['esm/typed.cts', false],
    ['broken/server.js', false], // unreadable package.json: CommonJS, no throw
    ['missing/server.js', false],
    ['bin/esm-cli', true], // a link: the target's package.json decides
  ])('%s → %s', (script, esm) => {
    expect(isEsmEntry(script && path.join(root, script))).toBe(esm);
  });
});
