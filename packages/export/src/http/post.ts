import * as http from 'node:http';
import * as https from 'node:https';
import type { AttemptResult } from '../internal-types';
import { writeBody } from './write-body';

/** Fixed per exporter: where and how to POST. */
export interface PostTarget {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  timeoutMillis: number;
  /** Whether to pace the body out a slice per turn now (see writeBody). */
  sliceBody: () => boolean;
}

function retryAfterOf(res: http.IncomingMessage): string | undefined {
  const value = res.headers['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

/** One POST attempt. Never rejects: every outcome, including resets and timeouts, is an AttemptResult. */
export function post(target: PostTarget, body: Buffer): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const request = (target.url.protocol === 'https:' ? https : http).request(target.url, {
      method: 'POST',
      agent: target.agent,
      headers: { ...target.headers, 'content-length': String(body.length) },
      timeout: target.timeoutMillis,
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({
          status: res.statusCode ?? 0,
          retryAfter: retryAfterOf(res),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', (error) => finish({ status: 0, error }));
    });
    request.on('timeout', () => {
      const error = Object.assign(new Error(`no answer within ${target.timeoutMillis} ms`), {
        code: 'ETIMEDOUT',
      });
      finish({ status: 0, error });
      request.destroy(error);
    });
    request.on('error', (error) => finish({ status: 0, error }));
    writeBody(request, body, target.sliceBody);
  });
}
