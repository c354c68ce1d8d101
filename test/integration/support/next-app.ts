import { spawn } from 'node:child_process';
import path from 'node:path';
import { spawnFixture, type FixtureProcess } from '@otelkit/testing';

export const NEXT_EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'nextjs');
const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [NEXT_EXAMPLE] });
const { generatePrismaClient } = require(
  path.join(__dirname, '..', '..', '..', 'scripts', 'generate-prisma-client.js'),
);

/** Env shared by every Next.js child: no telemetry, no inherited OTel settings that could change the outcome. */
export function nextEnv(
  extra: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return {
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: undefined,
    NODE_OPTIONS: undefined,
    OTEL_SERVICE_NAME: undefined,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
    OTEL_TRACES_SAMPLER: undefined,
    OTELKIT_SAMPLER: undefined,
    OTELKIT_MASKING: undefined,
    ...extra,
  };
}

/** Generates the Prisma client and runs `next build` in its own process group (killed whole on timeout). */
export function buildNextExample(timeoutMs: number): Promise<{ durationMs: number }> {
  if (!generatePrismaClient({ root: NEXT_EXAMPLE, quiet: true }))
    throw new Error('prisma generate failed');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
      cwd: NEXT_EXAMPLE,
      env: { ...process.env, ...(nextEnv({}) as NodeJS.ProcessEnv) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ durationMs: Date.now() - started });
      else reject(new Error(`next build exited ${code}:\n${output}`));
    });
  });
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid) process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** `next start` on a free port; resolves once it prints its URL. */
export async function startNext(
  env: Record<string, string | undefined>,
): Promise<{ proc: FixtureProcess; url: string }> {
  const proc = spawnFixture({
    script: NEXT_BIN,
    args: ['start', '-p', '0', '-H', '127.0.0.1'],
    cwd: NEXT_EXAMPLE,
    env: nextEnv(env),
    timeoutMs: 240_000,
  });
  const line = await proc.waitForOutput(/http:\/\/127\.0\.0\.1:\d+/, {
    stream: 'stdout',
    timeoutMs: 30_000,
  });
  return { proc, url: /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0] };
}

/** The inventory service, traced with `--require @otelkit/node/register`. */
export async function startInventory(
  env: Record<string, string | undefined>,
): Promise<{ proc: FixtureProcess; url: string }> {
  const proc = spawnFixture({
    script: path.join('inventory', 'server.js'),
    cwd: NEXT_EXAMPLE,
    nodeArgs: ['--require', '@otelkit/node/register'],
    env: nextEnv({ PORT: '0', OTEL_SERVICE_NAME: 'inventory', ...env }),
    timeoutMs: 240_000,
  });
  const line = await proc.waitForOutput(/listening on (\S+)/, {
    stream: 'stdout',
    timeoutMs: 20_000,
  });
  return { proc, url: /listening on (\S+)/.exec(line)![1] };
}
