import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './brokers';
import { killGroup, NEXT_EXAMPLE, nextEnv } from './next-app';

const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [NEXT_EXAMPLE] });

/**
 * A throw-away app next to examples/nextjs (git-ignored `examples/.nextjs-dev-*`), so a test can edit its files
 * while another test builds the example itself. It shares the example's node_modules, layout, config and
 * instrumentation; `files` are written on top. Inside `examples/` so the config's Turbopack root (`../..`) is the
 * repository root. No package.json: a workspace install must not take it for a project.
 */
export function prepareDevApp(files: Record<string, string>): {
  dir: string;
  write(file: string, text: string): void;
  remove(): Promise<void>;
} {
  const dir = path.join(NEXT_EXAMPLE, '..', `.nextjs-dev-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
  for (const file of ['instrumentation.js', 'next.config.ts', path.join('app', 'layout.js')])
    fs.copyFileSync(path.join(NEXT_EXAMPLE, file), path.join(dir, file));
  fs.symlinkSync(path.join(NEXT_EXAMPLE, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  for (const [file, text] of Object.entries(files)) write(file, text);
  const remove = async () => {
    await processesGone(dir, 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, write, remove };
}

/**
 * Next.js hands its telemetry queue to a detached process of its own at exit (even with telemetry disabled), outside
 * the process group; it reads the app directory, so the directory goes only once no process names it (Linux /proc).
 */
async function processesGone(dir: string, timeoutMs: number): Promise<void> {
  const naming = () =>
    fs.readdirSync('/proc').filter((pid) => {
      try {
        return /^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(dir);
      } catch {
        return false; // gone meanwhile
      }
    });
  const deadline = Date.now() + timeoutMs;
  while (fs.existsSync('/proc') && naming().length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
}

export interface NextDev {
  url: string;
  stdout(): string;
  stderr(): string;
  /** Ends the dev server's whole process group (it forks its own server process): SIGTERM, then SIGKILL. */
  stop(): Promise<void>;
}

/** `next dev` (Turbopack) in its own process group on a free port; resolves once it reports ready. */
export async function startNextDev(
  dir: string,
  env: Record<string, string | undefined>,
  readyTimeoutMs: number,
): Promise<NextDev> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [NEXT_BIN, 'dev', '--turbopack', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: dir,
      env: { ...process.env, ...(nextEnv(env) as NodeJS.ProcessEnv) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const dev: NextDev = {
    url: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () => stopGroup(child),
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (!/Ready in/.test(stdout)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await dev.stop();
      throw new Error(`next dev did not get ready:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return dev;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return killGroup(child.pid, 'SIGKILL');
  const closed = new Promise((r) => child.once('close', r));
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000);
  await closed;
  clearTimeout(timer);
  // The forked server process may outlive the CLI that started it.
  killGroup(child.pid, 'SIGKILL');
}
