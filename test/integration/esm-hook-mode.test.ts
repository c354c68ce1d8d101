import { IMPORT, REQUIRE, runReportingFixture, useReceiver } from './support/app';

// Issue 19: import-in-the-middle's hook runs in-thread (module.registerHooks) on the Node versions where its
// synchronous hooks work, on a loader thread (module.register) elsewhere or when OTELKIT_ESM_HOOK=thread; either way
// an imported express is patched. The fixture runs on OTELKIT_TEST_NODE (else the node running jest), and the row
// expected for that version is asserted: run this file on Node 20 and on Node 22 to see both modes.
jest.setTimeout(90_000);

const receiver = useReceiver();

type Mode = 'in-thread' | 'thread';

/** The first release of each line whose registerHooks runs iitm's synchronous loader (nodejs/node#59929), or 'never'. */
const IN_THREAD_SINCE: ReadonlyArray<[major: number, first: string]> = [
  [20, 'never'],
  [21, 'never'],
  [22, '22.22.3'],
  [23, 'never'],
  [24, '24.11.1'],
  [25, '25.1.0'],
];

function defaultMode(version: string): Mode {
  const [major, minor, patch] = version.split('.').map((part) => parseInt(part, 10));
  const row = IN_THREAD_SINCE.find(([line]) => line === major);
  if (row === undefined) return major >= 26 ? 'in-thread' : 'thread';
  if (row[1] === 'never') return 'thread';
  const [, firstMinor, firstPatch] = row[1].split('.').map(Number);
  return minor > firstMinor || (minor === firstMinor && patch >= firstPatch)
    ? 'in-thread'
    : 'thread';
}

interface Report {
  node: string;
  loaderThread: boolean;
  inThread: boolean;
  /** Threads that are not libuv's pool; null where they cannot be told apart. */
  threads: number | null;
}

const run = (nodeArgs: string[], env: Record<string, string> = {}) =>
  runReportingFixture<Report>('esm-hook-mode.mjs', nodeArgs, receiver.current.url, env);

describe('the ESM hook: in-thread where Node supports it, a loader thread elsewhere', () => {
  let bare: Report;
  beforeAll(async () => {
    bare = await run([]);
  });

  test.each<[string, string[], Record<string, string>, Mode | 'default', RegExp[]]>([
    ['--import', IMPORT, {}, 'default', []],
    ['--require, ES module entry', REQUIRE, {}, 'default', []],
    ['--import, OTELKIT_ESM_HOOK=thread', IMPORT, { OTELKIT_ESM_HOOK: 'thread' }, 'thread', []],
    ['--import, OTELKIT_ESM_HOOK=Auto', IMPORT, { OTELKIT_ESM_HOOK: ' Auto ' }, 'default', []],
    [
      '--import, OTELKIT_ESM_HOOK=sideways: one line, then the default',
      IMPORT,
      { OTELKIT_ESM_HOOK: 'sideways' },
      'default',
      [/^@otelkit\/node: OTELKIT_ESM_HOOK="sideways" is not one of auto, thread; using "?auto"?$/],
    ],
  ])('%s', async (_title, nodeArgs, env, expected, warnings) => {
    const report = await run(nodeArgs, env);
    const mode = expected === 'default' ? defaultMode(report.node) : expected;
    expect({ loaderThread: report.loaderThread, inThread: report.inThread }).toEqual({
      loaderThread: mode === 'thread',
      inThread: mode === 'in-thread',
    });
    // No thread of its own in-thread; the loader thread is one more than the app has without otelkit.
    if (report.threads !== null && bare.threads !== null)
      expect(report.threads - bare.threads).toBe(mode === 'thread' ? 1 : 0);
    for (const warning of warnings)
      expect(report.lines.filter((line) => warning.test(line))).toHaveLength(1);
    expect(report.lines.filter((line) => /ESM|loader/i.test(line))).toHaveLength(warnings.length);
    // The imported express is patched: its request handler has a span under the route's SERVER span.
    const spans = await receiver.current.waitForTrace(
      (t) => t.some((s) => s.name === 'GET /mode') && t.some((s) => /request handler/.test(s.name)),
    );
    expect(spans.find((s) => /request handler/.test(s.name))?.name).toBe('request handler - /mode');
  });

  test('without otelkit the app holds neither hook', () => {
    expect({ loaderThread: bare.loaderThread, inThread: bare.inThread }).toEqual({
      loaderThread: false,
      inThread: false,
    });
  });
});
