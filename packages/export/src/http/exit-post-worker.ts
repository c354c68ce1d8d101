// The thread postAtExit starts: one POST with the exporter's own rules (deadline, body cap, status first), its
// outcome posted back, then the waiting main thread woken.
import * as http from 'node:http';
import * as https from 'node:https';
import { workerData } from 'node:worker_threads';
import type { ExitPostJob } from './exit-post';
import { post } from './post';
import { agentThroughProxy } from './proxy/agent-for';

const job = workerData as ExitPostJob;
const url = new URL(job.url);
const agent =
  job.proxy !== undefined
    ? agentThroughProxy(url, job.proxy, { tls: job.tls, timeoutMillis: job.timeoutMillis })
    : url.protocol === 'https:'
      ? new https.Agent({ ...job.tls })
      : new http.Agent();
void post(
  { url, agent, headers: job.headers, timeoutMillis: job.timeoutMillis, sliceBody: () => false },
  Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength),
).then((result) => {
  const { error } = result;
  job.port.postMessage({
    ...result,
    error: error && { message: error.message, code: (error as NodeJS.ErrnoException).code },
  });
  const flag = new Int32Array(job.flag);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  agent.destroy();
});
