import http from 'node:http';

export interface LoadResult {
  /** Requests sent. */
  sent: number;
  /** Requests answered 200 with their whole body. */
  answered: number;
  /** Milliseconds from sending to the last body byte, of each answered request. */
  latencies: number[];
  /** What went wrong with the others (status or error), first few. */
  failures: string[];
}

/**
 * Sends the same steady load to every port at once: one GET per port every `1000 / perSecond` ms for `seconds`
 * (open loop: a slow app does not slow the sending down), over keep-alive connections, as a load balancer would.
 * The ports are served in turn within each tick, so whatever slows this process down slows all of them alike.
 */
export async function steadyLoad(
  ports: number[],
  {
    perSecond,
    seconds,
    timeoutMs = 10_000,
  }: { perSecond: number; seconds: number; timeoutMs?: number },
): Promise<LoadResult[]> {
  const agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets: 32 }));
  const results: LoadResult[] = ports.map(() => ({
    sent: 0,
    answered: 0,
    latencies: [],
    failures: [],
  }));
  const pending: Array<Promise<void>> = [];
  const total = Math.round(perSecond * seconds);
  const interval = 1000 / perSecond;
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    // Against the schedule, not the previous tick: timer lateness does not lower the rate.
    const due = started + n * interval - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    ports.forEach((port, i) => {
      results[i].sent++;
      pending.push(timedGet(port, `/work?n=${n}`, agents[i], timeoutMs, results[i]));
    });
  }
  await Promise.all(pending);
  for (const agent of agents) agent.destroy();
  return results;
}

function timedGet(
  port: number,
  path: string,
  agent: http.Agent,
  timeoutMs: number,
  into: LoadResult,
): Promise<void> {
  return new Promise((resolve) => {
    const sent = performance.now();
    const fail = (why: string) => {
      if (into.failures.length < 5) into.failures.push(`${path}: ${why}`);
      resolve();
    };
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
        into.answered++;
        into.latencies.push(performance.now() - sent);
        resolve();
      });
      res.on('error', (error) => fail(error.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => fail(error.message));
  });
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
