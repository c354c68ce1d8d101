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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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

function decodeInto(record: ReceivedRequest): void {
  if (record.path !== TRACES_PATH) {
    throw new RequestError(404, `no OTLP endpoint at ${record.path} (traces go to ${TRACES_PATH})`);
  }
  if (record.format === 'unknown') {
    throw new RequestError(415, `unsupported content-type "${record.contentType}"`);
  }
  record.body = decodeBody(record.rawBody, record.contentEncoding);
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
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'POST') {
    send(res, undefined, { status: path === TRACES_PATH ? 405 : 404, headers: { allow: 'POST' } });
    return;
  }
  const rawBody = await readBody(req);
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
  store.requests.push(record);
  try {
    decodeInto(record);
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
    if (res.statusCode >= 200 && res.statusCode < 300) store.accept(record.spans);
    return;
  }
  const status = custom ? custom.status : 200;
  const ok = status >= 200 && status < 300;
  if (ok) store.accept(record.spans);
  send(res, record, {
    status,
    headers: { 'content-type': contentTypeOf(format), ...custom?.headers },
    body: custom?.body ?? (ok ? successBody(format) : ''),
  });
}
