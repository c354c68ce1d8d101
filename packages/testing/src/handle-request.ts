import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  decodeBody,
  decodeTraceRequest,
  formatOf,
  RequestError,
  successBody,
} from './decode-request';
import { normalizeSpans } from './normalize-spans';
import type { SpanStore } from './span-store';
import type { OtlpFormat, ReceivedRequest, ReceiverResponse, RespondHook } from './types';

export const TRACES_PATH = '/v1/traces';

/**
 * Resolves undefined when the body exceeds `maxBytes`. The rest is still read, and dropped, so the
 * client gets the 413 instead of a reset connection in the middle of its upload.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(res: ServerResponse, maxBytes: number): void {
  res.writeHead(413, { 'content-type': 'text/plain' });
  res.end(`request body larger than ${maxBytes} bytes`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
}

function send(
  res: ServerResponse,
  record: ReceivedRequest | undefined,
  answer: ReceiverResponse,
): void {
  if (record) record.responseStatus = answer.status;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body ?? '');
}

function decodeInto(record: ReceivedRequest, maxBytes: number): void {
  if (record.path !== TRACES_PATH) {
    throw new RequestError(404, `no OTLP endpoint at ${record.path} (traces go to ${TRACES_PATH})`);
  }
  if (record.format === 'unknown') {
    throw new RequestError(415, `unsupported content-type "${record.contentType}"`);
  }
  record.body = decodeBody(record.rawBody, record.contentEncoding, maxBytes);
  record.spans = normalizeSpans(decodeTraceRequest(record.body, record.format));
  record.spanCount = record.spans.length;
}

function contentTypeOf(format: OtlpFormat): string {
  return format === 'json' ? 'application/json' : 'application/x-protobuf';
}

/** Decodes one POST, records it, lets the hook decide the answer, keeps spans if it is 2xx. */
export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  store: SpanStore,
  respond: RespondHook | undefined,
  maxBodyBytes = Infinity,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'POST') {
    send(res, undefined, { status: path === TRACES_PATH ? 405 : 404, headers: { allow: 'POST' } });
    return;
  }
  const rawBody = await readBody(req, maxBodyBytes);
  if (rawBody === undefined) return tooLarge(res, maxBodyBytes);
  const contentType = (header(req, 'content-type') ?? '').split(';')[0].trim();
  const record: ReceivedRequest = {
    method: 'POST',
    path,
    headers: { ...req.headers },
    contentType,
    contentEncoding: header(req, 'content-encoding'),
    rawBody,
    body: rawBody,
    format: formatOf(contentType),
    spanCount: 0,
    spans: [],
  };
  store.record(record);
  try {
    decodeInto(record, maxBodyBytes);
  } catch (err) {
    if (!(err instanceof RequestError)) throw err;
    record.error = err.message;
    send(res, record, {
      status: err.status,
      headers: { 'content-type': 'text/plain' },
      body: err.message,
    });
    return;
  }
  const format = record.format as OtlpFormat;
  let custom: ReceiverResponse | undefined | void;
  try {
    custom =
      respond && (await respond(record, { socket: req.socket, request: req, response: res }));
  } catch (err) {
    record.error = `respond hook threw: ${(err as Error).message}`;
    custom = { status: 500, headers: { 'content-type': 'text/plain' }, body: record.error };
  }
  if (res.destroyed || req.socket.destroyed) return;
  if (res.headersSent) {
    record.responseStatus = res.statusCode;
    if (res.statusCode >= 200 && res.statusCode < 300) store.accept(record.spans, record);
    return;
  }
  const status = custom ? custom.status : 200;
  const ok = status >= 200 && status < 300;
  if (ok) store.accept(record.spans, record);
  send(res, record, {
    status,
    headers: { 'content-type': contentTypeOf(format), ...custom?.headers },
    body: custom?.body ?? (ok ? successBody(format) : ''),
  });
}
