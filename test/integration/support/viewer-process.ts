// `otelkit view` in a child process, as a user starts it, on free ports.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnFixture } from '@otelkit/testing';
import type { FixtureProcess } from '@otelkit/testing';

const ROOT = path.join(__dirname, '..', '..', '..');
export const VIEWER_BIN = path.join(ROOT, 'packages', 'cli', 'build', 'src', 'bin.js');

export interface ViewerProcess {
  child: FixtureProcess;
  uiUrl: string;
  otlpUrl: string;
  /** Peak and current resident set size of the viewer process, from /proc (Linux). */
  memory(): { peakRssMb: number; rssMb: number };
  stop(): Promise<void>;
}

function procStatusMb(pid: number, field: string): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(field + ':'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

export async function startViewerProcess(args: string[] = []): Promise<ViewerProcess> {
  const child = spawnFixture({
    script: VIEWER_BIN,
    args: ['view', '--port', '0', '--ui-port', '0', ...args],
    cwd: ROOT,
    timeoutMs: 10 * 60_000,
  });
  const started = await child.waitForOutput(/Ctrl\+C to stop/, { stream: 'stdout' });
  void started;
  const out = child.stdout();
  const uiUrl = /open (http:\/\/\S+)/.exec(out)?.[1];
  const otlpUrl = /OTLP\/HTTP receiver: (http:\/\/\S+)/.exec(out)?.[1];
  if (!uiUrl || !otlpUrl) throw new Error(`unexpected start lines:\n${out}`);
  const pid = child.pid!;
  return {
    child,
    uiUrl,
    otlpUrl,
    memory: () => ({ peakRssMb: procStatusMb(pid, 'VmHWM'), rssMb: procStatusMb(pid, 'VmRSS') }),
    async stop() {
      child.kill('SIGINT');
      await child.exited.catch(() => undefined);
    },
  };
}

export async function getJson<T = any>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}
