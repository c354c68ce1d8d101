import * as path from 'node:path';
import { runFixture, spawnFixture } from '@otelkit/testing';
import { mergeEnv, resolveNodeBinary } from '../src/fixture-config';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

describe('runFixture', () => {
  test.each([0, 3])('resolves with exit code %i, args, stdin and both streams', async (code) => {
    const result = await runFixture({
      script: fixture('exit-with.js'),
      args: [String(code), 'x'],
      input: 'hello',
    });
    expect(result).toMatchObject({
      code,
      signal: null,
      stdout: `args=${code},x\nstdin=hello\n`,
      stderr: 'to stderr\n',
    });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  test('nodeArgs come before the script', async () => {
    const result = await runFixture({
      script: fixture('exit-with.js'),
      nodeArgs: ['--require', fixture('preload.js')],
    });
    expect(result.stdout).toBe('preloaded\nargs=\n');
  });

  test('cwd resolves a relative script', async () => {
    const result = await runFixture({
      script: './exit-with.js',
      cwd: path.join(__dirname, 'fixtures'),
    });
    expect(result.code).toBe(0);
  });

  test('env is merged over process.env and undefined removes a variable', async () => {
    process.env.OTELKIT_FIXTURE_INHERITED = 'from-parent';
    process.env.OTELKIT_FIXTURE_REMOVED = 'should-go';
    try {
      const result = await runFixture({
        script: fixture('print-env.js'),
        args: ['OTELKIT_FIXTURE_INHERITED', 'OTELKIT_FIXTURE_REMOVED', 'OTELKIT_FIXTURE_ADDED'],
        env: { OTELKIT_FIXTURE_ADDED: 'added', OTELKIT_FIXTURE_REMOVED: undefined },
      });
      expect(JSON.parse(result.stdout)).toEqual({
        OTELKIT_FIXTURE_INHERITED: 'from-parent',
        OTELKIT_FIXTURE_REMOVED: null,
        OTELKIT_FIXTURE_ADDED: 'added',
      });
    } finally {
      delete process.env.OTELKIT_FIXTURE_INHERITED;
      delete process.env.OTELKIT_FIXTURE_REMOVED;
    }
  });

  test('a fixture that outlives timeoutMs is killed and the error carries its output', async () => {
    const started = Date.now();
    const error = await runFixture({ script: fixture('server-like.js'), timeoutMs: 3000 }).catch(
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /server-like\.js timed out after 3000 ms and was killed/,
    );
    expect((error as Error).message).toMatch(/--- stdout ---\nlistening on \d+/);
    expect((error as Error).message).toMatch(/--- stderr ---\nbooting/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a missing node binary rejects instead of hanging', async () => {
    await expect(
      runFixture({ script: fixture('exit-with.js'), nodeBinary: '/nonexistent/node' }),
    ).rejects.toThrow(/cannot run .*exit-with\.js: spawn \/nonexistent\/node ENOENT/);
  });

  test.each([[{ script: '' }], [{ script: 'x.js', timeoutMs: 0 }]])(
    'bad options %j throw',
    (opts) => {
      expect(() => spawnFixture(opts)).toThrow(TypeError);
      expect(() => spawnFixture(opts)).toThrow(
        /^@otelkit\/testing: option fixture (script|timeoutMs) is/,
      );
    },
  );
});

describe('spawnFixture', () => {
  test('waitForOutput sees readiness, kill ends the child, exited reports it', async () => {
    const proc = spawnFixture({ script: fixture('server-like.js') });
    expect(proc.pid).toEqual(expect.any(Number));
    const line = await proc.waitForOutput(/listening on (\d+)/, { stream: 'stdout' });
    expect(line).toBe(`listening on ${proc.pid}`);
    // text printed before the call still matches
    await expect(proc.waitForOutput('booting', { stream: 'stderr' })).resolves.toBe('booting');
    expect(proc.kill()).toBe(true);
    const result = await proc.exited;
    expect(result.code).toBe(0);
    expect(proc.stdout()).toMatch(/shutting down/);
    expect(proc.kill()).toBe(false);
  });

  test('waitForOutput rejects with the output when the text does not appear in time', async () => {
    const proc = spawnFixture({ script: fixture('server-like.js') });
    try {
      await proc.waitForOutput('booting'); // a loaded machine may start node slowly
      await expect(proc.waitForOutput('never printed', { timeoutMs: 300 })).rejects.toThrow(
        /waitForOutput\(never printed\) on both: not seen within 300 ms[\s\S]*--- stderr ---\nbooting/,
      );
      // stderr-only text is not found on stdout
      await expect(
        proc.waitForOutput('booting', { stream: 'stdout', timeoutMs: 200 }),
      ).rejects.toThrow();
    } finally {
      proc.kill('SIGKILL');
      await proc.exited;
    }
  });

  test('waitForOutput rejects as soon as the fixture exits without the text', async () => {
    const proc = spawnFixture({ script: fixture('exit-with.js'), args: ['2'] });
    await expect(proc.waitForOutput('never printed', { timeoutMs: 20_000 })).rejects.toThrow(
      /the fixture exited \(code 2, signal null\) first/,
    );
  });
});

describe('fixture configuration', () => {
  test.each([
    ['option wins', '/opt/node-option', '/opt/node-env', '/opt/node-option'],
    ['env OTELKIT_TEST_NODE when no option', undefined, '/opt/node-env', '/opt/node-env'],
    ['current node when neither', undefined, undefined, '/current/node'],
    ['empty env counts as unset', undefined, '', '/current/node'],
  ])('node binary: %s', (_name, option, envValue, expected) => {
    const env = envValue === undefined ? {} : { OTELKIT_TEST_NODE: envValue };
    expect(resolveNodeBinary(option, env, '/current/node')).toBe(expected);
  });

  test.each([
    ['keeps the base', {}, { A: '1', B: '2' }],
    ['overrides a value', { A: 'x' }, { A: 'x', B: '2' }],
    ['adds a value', { C: '3' }, { A: '1', B: '2', C: '3' }],
    ['undefined deletes', { B: undefined }, { A: '1' }],
  ])('env merge: %s', (_name, overrides, expected) => {
    expect(mergeEnv(overrides, { A: '1', B: '2' })).toEqual(expected);
  });
});
