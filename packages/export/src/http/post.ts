import * as http from 'node:http';
import type { AttemptResult } from '../internal-types';
import { httpsModule } from './lazy-builtins';
import { writeBody } from './write-body';

/**
 * Most response body bytes an attempt keeps: an OTLP answer (an ExportTraceServiceResponse with partial_success,
 * or an error Status) is a few hundred bytes. Past it the connection is dropped: a collector that answers with an
 * endless or 50 MB body must not grow the app's memory.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** Fixed per exporter: where and how to POST. */
export interface PostTarget {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  /** The whole attempt, from the call to the last body byte (not an idle timeout). */
  timeoutMillis: number;
  /** Whether to pace the body out a slice per turn now (see writeBody). */
  sliceBody: () => boolean;
}

function retryAfterOf(res: http.IncomingMessage): string | undefined {
  const value = res.headers['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

function contentTypeOf(res: http.IncomingMessage): string | undefined {
  return res.headers['content-type'];
}

/**
 * One POST attempt. Never rejects: every outcome, including resets and timeouts, is an AttemptResult.
 *
 * Once the status line has arrived it is the answer, whatever happens to the body: the collector has decided
 * (a 200 re-sent because its body was cut would be a duplicate, a 403 is final, a 429 says when to come back).
 * Errors after it are kept in `error` but do not turn the status into 0.
 */
export function post(
  target: PostTarget,
  body: Buffer,
  signal?: AbortSignal,
): Promise<AttemptResult> {
  if (signal?.aborted) return Promise.resolve({ status: 0, error: abandoned() });
  return new Promise((resolve) => {
    let settled = false;
    let status = 0;
    let retryAfter: string | undefined;
    let contentType: string | undefined;
    let chunks: Buffer[] = [];
    let kept = 0;
    const result = (error?: Error): AttemptResult => ({
      status,
      retryAfter,
      contentType,
      body: status === 0 ? undefined : Buffer.concat(chunks, kept),
      error,
      overCap: kept >= MAX_RESPONSE_BYTES,
    });
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      resolve(result(error));
      chunks = [];
    };
    const request = (target.url.protocol === 'https:' ? httpsModule() : http).request(target.url, {
      method: 'POST',
      agent: target.agent,
      headers: { ...target.headers, 'content-length': String(body.length) },
    });
    // One timer for the whole attempt (queueing for a socket included), unref'd so it never holds the process.
    const deadline = setTimeout(() => {
      const error = Object.assign(
        new Error(`no complete answer within ${target.timeoutMillis} ms`),
        { code: 'ETIMEDOUT' },
      );
      finish(error);
      // Releases the socket and whatever it buffered; the agent opens a new one for the next request.
      request.destroy(error);
    }, target.timeoutMillis);
    deadline.unref();
    // The caller gave up (the processor's export timeout, or shutdown): the socket and its buffers go now.
    const onAbort = () => {
      const error = abandoned();
      finish(error);
      request.destroy(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', (res) => {
      status = res.statusCode ?? 0;
      retryAfter = retryAfterOf(res);
      contentType = contentTypeOf(res);
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = MAX_RESPONSE_BYTES - kept;
        // A copy of what fits, so the kept bytes do not pin a larger chunk.
        const part = chunk.length <= room ? chunk : Buffer.from(chunk.subarray(0, room));
        chunks.push(part);
        kept += part.length;
        if (kept >= MAX_RESPONSE_BYTES) {
          finish();
          // The answer is complete enough; the rest of the body is not worth memory or a socket.
          request.destroy();
        }
      });
      res.on('end', () => finish());
      res.on('error', (error) => finish(error));
      // Closed before its end (cut by the collector or a proxy): the status still stands.
      res.on('close', () => finish(res.complete ? undefined : new Error('response cut short')));
    });
    request.on('error', (error) => finish(error));
    request.on('close', () => finish(new Error('connection closed before an answer')));
    writeBody(request, body, target.sliceBody);
  });
}

function abandoned(): Error {
  return Object.assign(new Error('abandoned: the export was given up before an answer'), {
    code: 'ABORTED',
  });
}
