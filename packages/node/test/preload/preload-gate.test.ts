import { disabledByEnv, gateDebug, preloadSkipReason } from '../../src/preload-gate';

const NPM = '/usr/bin/npm';
const APP = '/srv/app/server.js';

let stderr: jest.SpiedFunction<typeof process.stderr.write>;
const printed = () => stderr.mock.calls.map(([text]) => String(text).trimEnd());
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

// The spelling rules of core's EnvReader (the spec's booleans), read the same way by start().
describe('disabledByEnv: OTEL_SDK_DISABLED as start() reads it', () => {
  test.each<[string, boolean, string | undefined]>([
    ['unset', false, undefined],
    ['', false, ''],
    ['   ', false, '   '],
    ['true', true, 'true'],
    ['TRUE', true, 'TRUE'],
    [' True ', true, ' True '],
    ['false', false, 'false'],
    ['FALSE', false, 'FALSE'],
    // not the spec's spelling: false here, and start() reports the value in its one line
    ['1', false, '1'],
    ['yes', false, 'yes'],
    ['on', false, 'on'],
    ['100 KB', false, 'x'.repeat(100_000)],
  ])('%s → disabled: %s', (_label, disabled, value) => {
    expect(disabledByEnv({ OTEL_SDK_DISABLED: value })).toBe(disabled);
    expect(printed()).toEqual([]);
  });
});

describe('preloadSkipReason: what keeps a preload from loading anything', () => {
  test.each<[string, Record<string, string>, string | undefined, RegExp | undefined]>([
    ['an app', {}, APP, undefined],
    ['node -e / the REPL', {}, undefined, undefined],
    ['an app, disabled', { OTEL_SDK_DISABLED: 'true' }, APP, /^OTEL_SDK_DISABLED is true/],
    [
      'an app, bad disabled value: start() reports it',
      { OTEL_SDK_DISABLED: 'yes' },
      APP,
      undefined,
    ],
    [
      'npm',
      {},
      NPM,
      /^not started in npm's own process \(\/usr\/bin\/npm\); OTELKIT_PRELOAD_IN_TOOLS=start/,
    ],
    ['npm, disabled', { OTEL_SDK_DISABLED: 'TRUE' }, NPM, /^OTEL_SDK_DISABLED is true/],
    ['npm, forced', { OTELKIT_PRELOAD_IN_TOOLS: 'start' }, NPM, undefined],
    ['npm, forced in capitals', { OTELKIT_PRELOAD_IN_TOOLS: ' START ' }, NPM, undefined],
    ['npm, skip said explicitly', { OTELKIT_PRELOAD_IN_TOOLS: 'skip' }, NPM, /^not started in npm/],
    ['npm, blank is unset', { OTELKIT_PRELOAD_IN_TOOLS: ' ' }, NPM, /^not started in npm/],
    [
      'an app, the tool variable does not matter',
      { OTELKIT_PRELOAD_IN_TOOLS: 'skip' },
      APP,
      undefined,
    ],
  ])('%s', (_title, env, script, reason) => {
    const skip = preloadSkipReason(env, script);
    if (reason) expect(skip).toMatch(reason);
    else expect(skip).toBeUndefined();
    expect(printed()).toEqual([]);
  });

  test.each([
    ['true', 'true'],
    ['1', '1'],
    ['garbage', 'garbage=%ZZ,,=;{not json'],
    ['100 KB', 'x'.repeat(100 * 1024)],
  ])(
    'OTELKIT_PRELOAD_IN_TOOLS=%s (not skip or start) in a tool: skipped, with one short line',
    (_label, value) => {
      expect(preloadSkipReason({ OTELKIT_PRELOAD_IN_TOOLS: value }, NPM)).toMatch(/^not started/);
      expect(printed()).toEqual([
        expect.stringMatching(
          /^@otelkit\/node: OTELKIT_PRELOAD_IN_TOOLS=.* is not one of skip, start; using "skip"$/,
        ),
      ]);
      expect(printed()[0].length).toBeLessThan(300);
    },
  );

  test('a bad OTELKIT_PRELOAD_IN_TOOLS outside a tool is not read: no line', () => {
    expect(preloadSkipReason({ OTELKIT_PRELOAD_IN_TOOLS: 'garbage' }, APP)).toBeUndefined();
    expect(printed()).toEqual([]);
  });
});

describe('gateDebug: one line, only when OTEL_LOG_LEVEL asks for debug', () => {
  test.each<[string | undefined, number]>([
    [undefined, 0],
    ['info', 0],
    ['warn', 0],
    ['nonsense', 0],
    ['debug', 1],
    ['DEBUG', 1],
    ['all', 1],
  ])('OTEL_LOG_LEVEL=%j → %i line(s)', (level, lines) => {
    gateDebug({ OTEL_LOG_LEVEL: level }, 'why');
    expect(printed()).toEqual(lines ? ['@otelkit/node: why'] : []);
  });
});
