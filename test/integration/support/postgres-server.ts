import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './brokers';

/**
 * A private PostgreSQL server for one test file, from Debian's `postgresql` package: `initdb` in a temp dir, the
 * server on a free loopback port with its unix socket in that dir, trust auth for one user, no system service.
 * PostgreSQL refuses to run as root, so as root (CI) every command runs as the `postgres` user through `runuser`.
 */
export interface RunningPostgres {
  host: string;
  port: number;
  database: string;
  user: string;
  /** `postgres://user@127.0.0.1:port/database`: no password, trust auth on loopback. */
  url: string;
  stop(): Promise<void>;
}

const BIN_DIRS = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];
const USER = 'otelkit';

export function findPostgresBin(): string | undefined {
  return BIN_DIRS.find((dir) => existsSync(path.join(dir, 'initdb')));
}

/** Like brokerTestMode: skipped locally with a line when PostgreSQL is missing; under CI it runs and fails. */
export function postgresTestMode(): 'run' | 'skip' {
  if (findPostgresBin() || process.env.CI) return 'run';
  console.warn(
    'SKIPPED: PostgreSQL is not installed, so the postgres.js tests do not run. Install the Debian package ' +
      '(apt-get install -y postgresql); CI installs it and never skips.',
  );
  return 'skip';
}

/** As root: the argv that runs `binary` as the postgres user; otherwise `binary` itself. */
function asServerUser(binary: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
    : [binary, args];
}

export async function startPostgres(database = 'shop'): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL not found (Debian package postgresql)');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'otelkit-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(tmp, uid, gid);
  }
  const data = path.join(tmp, 'data');
  const run = (binary: string, args: string[]) => {
    const [file, argv] = asServerUser(path.join(bin, binary), args);
    execFileSync(file, argv, { cwd: tmp, stdio: 'pipe', timeout: 60_000 });
  };
  run('initdb', ['-D', data, '-U', USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const [file, argv] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${tmp}`,
    '-c',
    'fsync=off',
  ]);
  const child = spawn(file, argv, { cwd: tmp, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with ${code}:\n${output}`));
    });
  });
  // Never leave a server behind if the test process dies before afterAll.
  const kill = () => killGroup(child, 'SIGKILL');
  process.once('exit', kill);
  const stop = async () => {
    process.removeListener('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // SIGINT is PostgreSQL's fast shutdown: open connections are ended, no checkpoint wait.
      killGroup(child, 'SIGINT');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await ready;
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', USER, database]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    database,
    user: USER,
    url: `postgres://${USER}@127.0.0.1:${port}/${database}`,
    stop,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
