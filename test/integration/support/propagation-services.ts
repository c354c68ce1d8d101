import path from 'node:path';
import type { ReceivedSpan } from '@otelkit/testing';
import { REQUIRE, fixturesDir, otelEnv, startApp, type RunningApp } from './app';

export const propagationFixtures = path.join(fixturesDir, 'propagation');

/** Starts a propagation fixture under `--require @otelkit/node/register` as service `name`. */
export function startService(
  script: string,
  name: string,
  receiverUrl: string,
  env: Record<string, string | undefined>,
): Promise<RunningApp> {
  return startApp({
    script,
    cwd: propagationFixtures,
    nodeArgs: REQUIRE,
    env: otelEnv(receiverUrl, { OTEL_SERVICE_NAME: name, ...env }),
  });
}

export async function stopAll(apps: RunningApp[]): Promise<void> {
  for (const { proc } of apps.splice(0)) {
    proc.kill('SIGTERM');
    await proc.exited.catch(() => undefined);
  }
}

export function byName(spans: ReceivedSpan[], name: string, service?: string): ReceivedSpan[] {
  return spans.filter(
    (s) => s.name === name && (service === undefined || s.serviceName === service),
  );
}
