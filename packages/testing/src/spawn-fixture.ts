import { spawn } from 'node:child_process';
import {
  DEFAULT_FIXTURE_TIMEOUT_MS,
  mergeEnv,
  resolveNodeBinary,
  validateFixtureOptions,
} from './fixture-config';
import { matchText, withOutput } from './fixture-output';
import type { FixtureOptions, FixtureProcess, FixtureResult, WaitForOutputOptions } from './types';

const DEFAULT_OUTPUT_WAIT_MS = 10_000;

/**
 * Starts `node [nodeArgs] script [args]` as a child process with captured output, for
 * fixtures that keep running (servers) while the test talks to them.
 */
export function spawnFixture(options: FixtureOptions): FixtureProcess {
  validateFixtureOptions(options);
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_FIXTURE_TIMEOUT_MS;
  const child = spawn(
    resolveNodeBinary(options.nodeBinary),
    [...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])],
    { cwd: options.cwd, env: mergeEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let exitResult: FixtureResult | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), notify()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), notify()));
  child.stdin.on('error', () => {}); // a child that exits early closes stdin under us
  child.stdin.end(options.input ?? '');

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs).unref();

  const exited = new Promise<FixtureResult>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(
          withOutput(
            `@otelkit/testing: cannot run ${options.script}: ${err.message}`,
            stdout,
            stderr,
          ),
        ),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      exitResult = { code, signal, stdout, stderr, durationMs: Date.now() - started };
      notify();
      if (!timedOut) return resolve(exitResult);
      const what = `@otelkit/testing: fixture ${options.script} timed out after ${timeoutMs} ms and was killed`;
      reject(new Error(withOutput(what, stdout, stderr)));
    });
  });
  exited.catch(() => {}); // callers that never await `exited` must not see an unhandled rejection

  function waitForOutput(
    pattern: string | RegExp,
    opts: WaitForOutputOptions = {},
  ): Promise<string> {
    const stream = opts.stream ?? 'both';
    const wait = opts.timeoutMs ?? DEFAULT_OUTPUT_WAIT_MS;
    const text = () =>
      stream === 'stdout' ? stdout : stream === 'stderr' ? stderr : `${stdout}\n${stderr}`;
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        done();
        reject(
          new Error(
            withOutput(
              `@otelkit/testing: waitForOutput(${String(pattern)}) on ${stream}: ${why}`,
              stdout,
              stderr,
            ),
          ),
        );
      };
      const check = () => {
        const found = matchText(text(), pattern);
        if (found !== undefined) return (done(), resolve(found));
        if (exitResult)
          fail(`the fixture exited (code ${exitResult.code}, signal ${exitResult.signal}) first`);
      };
      const timer = setTimeout(() => fail(`not seen within ${wait} ms`), wait).unref();
      const done = () => (clearTimeout(timer), listeners.delete(check));
      listeners.add(check);
      check();
    });
  }

  return {
    child,
    pid: child.pid,
    waitForOutput,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => (exitResult ? false : child.kill(signal)),
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
