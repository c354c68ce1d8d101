import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fixturesDir,
  IMPORT,
  otelEnv,
  otelkitLines,
  REQUIRE,
  runReportingFixture,
  useReceiver,
} from './support/app';

// Issue 19: a process that is not traced loads nothing of OpenTelemetry. Asserted from the module cache (the
// fixture prints the @opentelemetry packages it holds at exit) and from node's own list of loaded internals (an ESM
// loader hook loads `internal/modules/esm/hooks`). Behaviour only: the costs are in test/bench/startup.js.
jest.setTimeout(90_000);

const receiver = useReceiver();
const nodeFixtures = path.join(fixturesDir, 'node');
const REGISTER = path.join(
  path.dirname(require.resolve('@otelkit/node/package.json')),
  'build',
  'src',
  'register.js',
);

interface Loaded {
  otel: string[];
  esmHook: boolean;
  worker?: string[];
}

const loadedBy = (nodeArgs: string[], script: string, env: Record<string, string> = {}) =>
  runReportingFixture<Loaded>(script, nodeArgs, receiver.current.url, env);

describe('OTEL_SDK_DISABLED=true: nothing of OpenTelemetry is loaded, no loader hook, no line', () => {
  test.each<[string, string[], string, Record<string, string>]>([
    ['--require, CommonJS app', REQUIRE, 'loaded-modules.js', {}],
    ['--require, ESM app', REQUIRE, 'loaded-modules.mjs', {}],
    ['--import, ESM app', IMPORT, 'loaded-modules.mjs', {}],
    ['start() in code', [], 'loaded-modules.js', { FIXTURE_START: '1' }],
    ['--require, then start() in code', REQUIRE, 'loaded-modules.js', { FIXTURE_START: '1' }],
  ])('%s', async (_title, nodeArgs, script, env) => {
    const loaded = await loadedBy(nodeArgs, script, { OTEL_SDK_DISABLED: 'true', ...env });
    expect(loaded).toEqual({ otel: [], esmHook: false, lines: [] });
  });

  test('a bad value is one line, and tracing starts (the spec default)', async () => {
    const loaded = await loadedBy(REQUIRE, 'loaded-modules.js', { OTEL_SDK_DISABLED: 'yes' });
    expect(loaded.lines).toEqual([
      expect.stringMatching(/^@otelkit\/node: OTEL_SDK_DISABLED="yes" is not true or false/),
      expect.stringContaining('tracing service'),
    ]);
    expect(loaded.otel).toContain('@opentelemetry/sdk-trace-node');
  });
});

describe('worker threads inherit the preload flag and load nothing', () => {
  test.each<[string, string[], string]>([
    ['--require', REQUIRE, 'loaded-modules.js'],
    ['--import', IMPORT, 'loaded-modules.mjs'],
  ])(
    '%s: the main thread is traced, the worker loads no OpenTelemetry module',
    async (_t, args, script) => {
      const loaded = await loadedBy(args, script, { FIXTURE_WORKER: '1' });
      expect(loaded.otel).toContain('@opentelemetry/sdk-trace-node');
      expect(loaded.worker).toEqual([]);
      expect(loaded.lines.filter((l) => l.includes('tracing service'))).toHaveLength(1);
    },
  );
});

describe('the ESM loader hook: under --import always, under --require only for an ESM entry', () => {
  test.each<[string, boolean, string[], string]>([
    ['--require, CommonJS app', false, REQUIRE, 'loaded-modules.js'],
    ['--require, .mjs app', true, REQUIRE, 'loaded-modules.mjs'],
    ['--import, CommonJS app', true, IMPORT, 'loaded-modules.js'],
    ['--import, .mjs app', true, IMPORT, 'loaded-modules.mjs'],
  ])('%s → hook registered: %s', async (_title, hook, nodeArgs, script) => {
    const loaded = await loadedBy(nodeArgs, script);
    expect(loaded.esmHook).toBe(hook);
    expect(loaded.otel).toContain('@opentelemetry/sdk-trace-node');
  });
});

/** `tool args…` in a temp project whose `start` script runs hello.js (service "node-fixtures", from its package.json), with the preload in NODE_OPTIONS. */
async function runThroughTool(
  tool: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; lines: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'otelkit-tool-'));
  try {
    const start = `node ${JSON.stringify(path.join(nodeFixtures, 'hello.js'))}`;
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'tool-started-app', private: true, scripts: { start } }),
    );
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const [name, value] of Object.entries(
      otelEnv(receiver.current.url, { NODE_OPTIONS: `--require ${REGISTER}`, ...env }),
    ))
      if (value === undefined) delete childEnv[name];
      else childEnv[name] = value;
    return await new Promise((resolve) => {
      execFile(tool, args, { cwd: dir, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({
          code: error ? ((error.code as number) ?? -1) : 0,
          stdout,
          lines: otelkitLines(stderr),
        }),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pnpm through npx, from the npx cache only: the row is skipped, saying so, when it is not there. */
function pnpmReachable(): Promise<boolean> {
  return new Promise((resolve) =>
    execFile('npx', ['--offline', '-y', 'pnpm@10', '--version'], { timeout: 30_000 }, (error) => {
      if (error)
        console.warn(
          'SKIPPED: pnpm@10 is not in the npx cache and this run is offline, so the pnpm row does not run. ' +
            'Run `npx -y pnpm@10 --version` once with network access to enable it.',
        );
      resolve(!error);
    }),
  );
}

describe('NODE_OPTIONS="--require …/register" through a package manager: one SDK, in the app', () => {
  const startupLines = (lines: string[]) => lines.filter((l) => l.includes('tracing service'));

  test('npm run start: one start-up line, the app’s', async () => {
    const run = await runThroughTool('npm', ['run', 'start']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('status 200');
    expect(startupLines(run.lines)).toEqual([
      expect.stringMatching(/^@otelkit\/node: tracing service "node-fixtures" /),
    ]);
  });

  test('npx -y pnpm@10 run start: one start-up line, the app’s', async () => {
    if (!(await pnpmReachable())) return;
    const run = await runThroughTool('npx', ['--offline', '-y', 'pnpm@10', 'run', 'start']);
    expect(run.code).toBe(0);
    expect(startupLines(run.lines)).toEqual([
      expect.stringMatching(/^@otelkit\/node: tracing service "node-fixtures" /),
    ]);
  });

  test('OTELKIT_PRELOAD_IN_TOOLS=start: npm’s own process is traced too', async () => {
    const run = await runThroughTool('npm', ['run', 'start'], {
      OTELKIT_PRELOAD_IN_TOOLS: 'start',
    });
    expect(run.code).toBe(0);
    expect(startupLines(run.lines)).toHaveLength(2);
  });

  test('OTEL_LOG_LEVEL=debug: npm’s process says in one line why it is not traced', async () => {
    const run = await runThroughTool('npm', ['run', 'start'], { OTEL_LOG_LEVEL: 'debug' });
    expect(run.lines.filter((l) => l.includes('not started in'))).toEqual([
      expect.stringMatching(
        /^@otelkit\/node: not started in npm's own process \(.+\); OTELKIT_PRELOAD_IN_TOOLS=start starts it there$/,
      ),
    ]);
  });
});
