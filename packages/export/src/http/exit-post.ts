import { join } from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type { AttemptResult } from '../internal-types';
import type { OtlpTlsMaterial } from '../types';

/** What the exit thread needs: plain data only (it is cloned into the thread). */
export interface ExitPostJob {
  url: string;
  headers: Record<string, string>;
  tls: OtlpTlsMaterial;
  /** The proxy URL when the exporter sends through one (see ResolvedProxy). */
  proxy?: string;
  body: Uint8Array;
  timeoutMillis: number;
  port: MessagePort;
  /** Int32 set to 1 once `port` holds the outcome. */
  flag: SharedArrayBuffer;
}

/** Time for the thread to start and load http before its request (~40 ms here; 150 ms on a loaded 2-core VM). */
const START_MARGIN_MILLIS = 250;

/**
 * One POST made synchronously, for a process that is exiting (`process.exit()`, the 'exit' event), where no
 * callback will ever run again. The request runs in a worker thread while this thread blocks in Atomics.wait, so
 * the caller's exit stays synchronous, as `process.exit()` promises, and ends within `timeoutMillis`.
 */
export function postAtExit(
  job: Omit<ExitPostJob, 'port' | 'flag' | 'timeoutMillis'>,
  timeoutMillis: number,
): AttemptResult {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  let worker: Worker | undefined;
  try {
    const requestMillis = Math.max(1, timeoutMillis - START_MARGIN_MILLIS);
    const data: ExitPostJob = { ...job, timeoutMillis: requestMillis, port: port2, flag };
    worker = new Worker(join(__dirname, 'exit-post-worker.js'), {
      workerData: data,
      transferList: [port2],
      // The app's preloads (otelkit's own included) have no business in this thread.
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    worker.unref();
    Atomics.wait(new Int32Array(flag), 0, 0, timeoutMillis);
    const message = receiveMessageOnPort(port1)?.message as
      (Omit<AttemptResult, 'error'> & { error?: { message: string; code?: string } }) | undefined;
    if (message === undefined) return { status: 0, error: timedOut(timeoutMillis) };
    const { error, body } = message;
    return {
      ...message,
      body: body && Buffer.from(body),
      error: error && Object.assign(new Error(error.message), { code: error.code }),
    };
  } catch (error) {
    return { status: 0, error: error as Error };
  } finally {
    port1.close();
    void worker?.terminate();
  }
}

function timedOut(millis: number): Error {
  return Object.assign(new Error(`no complete answer within ${millis} ms`), { code: 'ETIMEDOUT' });
}
