import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Real brokers for the propagation tests, started from the Debian packages `redis-server` and `rabbitmq-server`
 * as plain child processes (no systemd), each in its own process group and temp dir, on free ports.
 */
export interface RunningBroker {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Where the server binary is, or undefined. `/usr/lib/rabbitmq/bin` is Debian's, it runs as the current user. */
export function findBinary(name: 'redis-server' | 'rabbitmq-server'): string | undefined {
  const extra = name === 'rabbitmq-server' ? ['/usr/lib/rabbitmq/bin'] : [];
  const dirs = [
    ...extra,
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/sbin',
    '/usr/bin',
  ];
  return dirs
    .filter((d) => d !== '')
    .map((d) => path.join(d, name))
    .find((file) => existsSync(file));
}

/**
 * Decides whether a broker test runs: yes when the binary exists; otherwise skipped with a message locally, but
 * in CI (env CI set) the test runs anyway and fails on the missing binary, so a broken CI image is never green.
 */
export function brokerTestMode(binary: 'redis-server' | 'rabbitmq-server'): 'run' | 'skip' {
  if (findBinary(binary) || process.env.CI) return 'run';
  console.warn(
    `SKIPPED: ${binary} is not installed, so the real-broker propagation tests do not run. ` +
      `Install the Debian package (apt-get install -y ${binary}) to run them; CI installs it and never skips.`,
  );
  return 'skip';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it resolves true or the deadline passes; the broker's output is in the error. */
async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${what} did not become ready within ${timeoutMs} ms. Output:\n${output().slice(-4000)}`,
  );
}

/** Sends `request` on a fresh TCP connection and resolves true when the reply starts with `expected`. */
function tcpProbe(port: number, request: string | Buffer, expected: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.length >= expected.length) done(reply.startsWith(expected));
    });
    socket.on('close', () => done(reply.startsWith(expected)));
  });
}

function spawnGroup(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: () => string } {
  const child = spawn(binary, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c) => (output = (output + c).slice(-20_000)));
  child.stderr?.on('data', (c) => (output = (output + c).slice(-20_000)));
  child.on('error', (error) => (output += `\nspawn error: ${error.message}`));
  // Safety net if the test process dies before afterAll: never leave a broker behind.
  const kill = () => killGroup(child, 'SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return { child, output: () => output };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startRedis(): Promise<RunningBroker> {
  const binary = findBinary('redis-server');
  if (!binary) throw new Error('redis-server not found (Debian package redis-server)');
  const port = await freePort();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'otelkit-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    tmp,
  ];
  const { child, output } = spawnGroup(binary, args, process.env);
  await waitUntil(() => tcpProbe(port, 'PING\r\n', '+PONG'), 20_000, 'redis-server', output);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopGroup(child, 5_000);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** AMQP 0-9-1 protocol header; a broker answers with connection.start (frame type 1). */
const AMQP_HEADER = Buffer.from('AMQP\x00\x00\x09\x01', 'latin1');

export async function startRabbitMq(): Promise<RunningBroker> {
  const binary = findBinary('rabbitmq-server');
  if (!binary) throw new Error('rabbitmq-server not found (Debian package rabbitmq-server)');
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'otelkit-rabbitmq-'));
  writeFileSync(path.join(tmp, 'enabled_plugins'), '[].');
  // A private epmd port keeps this node away from any system RabbitMQ and lets us stop exactly our epmd.
  const env = {
    ...process.env,
    HOME: tmp,
    RABBITMQ_NODENAME: `otelkit-test-${process.pid}-${port}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_MNESIA_BASE: path.join(tmp, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(tmp, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(tmp, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: path.join(tmp, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(tmp, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(tmp, 'rabbitmq-env.conf'),
  };
  const { child, output } = spawnGroup(binary, [], env);
  try {
    await waitUntil(() => tcpProbe(port, AMQP_HEADER, '\x01'), 120_000, 'rabbitmq-server', output);
  } catch (error) {
    await stopRabbit(child, epmdPort, tmp);
    throw error;
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    stop: () => stopRabbit(child, epmdPort, tmp),
  };
}

async function stopRabbit(child: ChildProcess, epmdPort: number, tmp: string): Promise<void> {
  await stopGroup(child, 15_000);
  // epmd daemonizes out of the process group; ask our private one to quit.
  spawnSync('epmd', ['-kill'], {
    env: { ...process.env, ERL_EPMD_PORT: String(epmdPort) },
    stdio: 'ignore',
  });
  rmSync(tmp, { recursive: true, force: true });
}
