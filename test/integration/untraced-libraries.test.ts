import { runFixture } from '@otelkit/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir, otelEnv, otelkitLines, REQUIRE } from './support/app';

jest.setTimeout(60_000);

// Stand-ins named like libraries of the curated list: none of them is installed in this repository, and the line is
// about the name the app loads, not about what the package does.
const standIns = ['better-sqlite3', 'nats', '@anthropic-ai/sdk', 'hono'];
let libsDir: string;
beforeAll(() => {
  libsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otelkit-untraced-'));
  for (const name of standIns) {
    const dir = path.join(libsDir, 'node_modules', ...name.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
    );
    fs.writeFileSync(
      path.join(dir, 'index.js'),
      `module.exports = { name: ${JSON.stringify(name)} };\n`,
    );
  }
});
afterAll(() => fs.rmSync(libsDir, { recursive: true, force: true }));

const run = (mode: string, nodeArgs: string[] = []) =>
  runFixture({
    script: 'untraced-app.js',
    cwd: path.join(fixturesDir, 'node'),
    nodeArgs,
    env: otelEnv('http://127.0.0.1:9', { UNTRACED_MODE: mode, UNTRACED_LIBS_DIR: libsDir }),
  });

const untracedLines = (stderr: string) =>
  otelkitLines(stderr).filter((line) =>
    line.includes('not traced (otelkit has no instrumentation'),
  );

describe('libraries otelkit knows are commonly traced but cannot trace are named', () => {
  test('loaded after start: one line per batch, each library named once; stats() lists them in load order', async () => {
    const { code, stdout, stderr } = await run('after-start', REQUIRE);
    expect(code).toBe(0);
    expect(untracedLines(stderr)).toEqual([
      expect.stringMatching(
        /: better-sqlite3, nats; how to add one: docs\/frameworks-and-libraries\.md#not-traced$/,
      ),
      expect.stringMatching(/: @anthropic-ai\/sdk; how to add one: /),
    ]);
    expect(JSON.parse(stdout.trim())).toEqual(['better-sqlite3', 'nats', '@anthropic-ai/sdk']);
  });

  test('loaded before start(): named after the start-up line', async () => {
    const { code, stdout, stderr } = await run('before-start');
    expect(code).toBe(0);
    const lines = otelkitLines(stderr);
    const at = lines.findIndex((line) => line.includes('not traced (otelkit'));
    expect(lines[at]).toMatch(/: hono; how to add one/);
    expect(at).toBeGreaterThan(lines.findIndex((line) => line.includes('tracing service')));
    expect(JSON.parse(stdout.trim())).toEqual(['hono']);
  });

  test('express loaded before start(): one line says so, upstream\'s own "loaded before" lines are folded into it', async () => {
    const { code, stdout, stderr } = await run('express-early');
    expect(code).toBe(0);
    expect(otelkitLines(stderr).filter((line) => /\bexpress\b/.test(line))).toEqual([
      expect.stringMatching(/loaded before otelkit started and will not be traced: express\b/),
    ]);
    expect(untracedLines(stderr)).toEqual([]);
    expect(JSON.parse(stdout.trim())).toEqual([]);
  });
});
