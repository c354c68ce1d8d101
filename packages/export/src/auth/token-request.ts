import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { cut, redactText } from '@otelkit/core';
import type { OtlpTlsMaterial } from '../types';
import { CredentialError, MAX_TOKEN_BYTES } from './header-source';

export interface TokenRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMillis: number;
  /** The export's TLS material: its client certificate is presented, its CA trusted next to Node's. */
  tls: OtlpTlsMaterial;
  /**
   * How errors name the endpoint (`the OAuth2 endpoint`); `where` (its address) comes last, in parentheses. Lines are
   * redacted as free text, which masks the word after `token` or after `auth…:`: neither may come before the cause.
   */
  what: string;
  where: string;
  /** The agent (a proxy's) for this URL; default: a socket of its own, closed after the answer. */
  agent?: http.Agent;
}

export interface TokenAnswer {
  status: number;
  /** At most MAX_TOKEN_BYTES. */
  body: Buffer;
}

/**
 * The TLS options of a token request: the export's client certificate, and its CA trusted next to Node's (a CA given
 * for a private collector must not cut a token endpoint, often public, off Node's CAs).
 */
export function tokenTls(tls: OtlpTlsMaterial): OtlpTlsMaterial {
  return tls.ca === undefined
    ? tls
    : { ...tls, ca: [...rootCertificates, String(tls.ca)].join('\n') };
}

/**
 * One request to a token endpoint, untraced (like the exports), on a socket of its own that closes after it, within
 * `timeoutMillis` (an unref'd timer) and MAX_TOKEN_BYTES of answer. Rejects with a CredentialError naming the cause.
 */
export function requestToken(request: TokenRequest): Promise<TokenAnswer> {
  return context.with(suppressTracing(context.active()), () => send(request));
}

function send(request: TokenRequest): Promise<TokenAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let kept = 0;
    const chunks: Buffer[] = [];
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(new CredentialError(`${request.what} ${why} (${request.where})`));
      req.destroy();
    };
    const https_ = request.url.protocol === 'https:';
    const { ca, cert, key } = request.tls;
    const req = (https_ ? https : http).request(request.url, {
      method: request.method,
      agent: request.agent ?? false,
      headers: {
        ...request.headers,
        ...(request.body === undefined
          ? {}
          : { 'content-length': String(Buffer.byteLength(request.body)) }),
      },
      ...(https_ && ca !== undefined ? { ca } : {}),
      ...(https_ && cert !== undefined ? { cert, key } : {}),
    });
    const deadline = setTimeout(
      () => fail(`gave no answer within ${request.timeoutMillis} ms`),
      request.timeoutMillis,
    );
    deadline.unref();
    req.on('response', (res) => {
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        kept += chunk.length;
        if (kept > MAX_TOKEN_BYTES)
          return fail(`answered with more than ${MAX_TOKEN_BYTES / 1024} KiB`);
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
      res.on('error', (error) => fail(`answer failed: ${cut(redactText(error.message))}`));
      res.on('close', () => {
        if (!res.complete) fail('cut its answer short');
      });
    });
    req.on('error', (error) => fail(`could not be reached: ${cut(redactText(error.message))}`));
    req.end(request.body);
  });
}
