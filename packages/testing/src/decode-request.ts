import { gunzipSync } from 'node:zlib';
import { otlpSchema } from './proto-schema';
import type { OtlpTraceRequest } from './internal-types';
import type { OtlpFormat } from './types';

/** A request the receiver refuses, with the HTTP status to answer. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TO_OBJECT = { longs: String, enums: Number, arrays: true } as const;
const HEX = /^(?:[0-9a-f]{2})*$/i;

export function formatOf(contentType: string): OtlpFormat | 'unknown' {
  if (contentType === 'application/x-protobuf' || contentType === 'application/protobuf') {
    return 'protobuf';
  }
  return contentType === 'application/json' ? 'json' : 'unknown';
}

export function decodeBody(raw: Buffer, encoding: string | undefined, maxBytes = Infinity): Buffer {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return raw;
  if (encoding !== 'gzip')
    throw new RequestError(415, `unsupported content-encoding "${encoding}"`);
  try {
    return gunzipSync(raw, maxBytes === Infinity ? {} : { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new RequestError(413, `gzip body inflates to more than ${maxBytes} bytes`);
    throw new RequestError(400, `gzip body does not inflate: ${(err as Error).message}`);
  }
}

/** OTLP/JSON writes ids as hex where protobuf JSON mapping expects base64. */
function hexIdToBase64(holder: Record<string, unknown>, key: string, where: string): void {
  const value = holder[key];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw new RequestError(400, `${where}.${key} is not a hex string: ${JSON.stringify(value)}`);
  }
  holder[key] = Buffer.from(value, 'hex').toString('base64');
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v) => v && typeof v === 'object') : [];
}

function convertJsonIds(json: Record<string, unknown>): void {
  for (const rs of objects(json.resourceSpans)) {
    for (const ss of objects(rs.scopeSpans)) {
      for (const span of objects(ss.spans)) {
        for (const key of ['traceId', 'spanId', 'parentSpanId']) hexIdToBase64(span, key, 'span');
        for (const link of objects(span.links)) {
          for (const key of ['traceId', 'spanId']) hexIdToBase64(link, key, 'link');
        }
      }
    }
  }
}

function decodeJson(body: Buffer): OtlpTraceRequest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new RequestError(400, `body is not JSON: ${(err as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new RequestError(400, 'JSON body is not an ExportTraceServiceRequest object');
  }
  convertJsonIds(json as Record<string, unknown>);
  const { request } = otlpSchema();
  try {
    return request.toObject(request.fromObject(json), TO_OBJECT) as OtlpTraceRequest;
  } catch (err) {
    throw new RequestError(
      400,
      `JSON body does not fit ExportTraceServiceRequest: ${(err as Error).message}`,
    );
  }
}

function decodeProtobuf(body: Buffer): OtlpTraceRequest {
  const { request } = otlpSchema();
  try {
    return request.toObject(request.decode(body), TO_OBJECT) as OtlpTraceRequest;
  } catch (err) {
    throw new RequestError(400, `protobuf body does not decode: ${(err as Error).message}`);
  }
}

export function decodeTraceRequest(body: Buffer, format: OtlpFormat): OtlpTraceRequest {
  return format === 'json' ? decodeJson(body) : decodeProtobuf(body);
}

/** The encoded empty ExportTraceServiceResponse, in the request's format. */
export function successBody(format: OtlpFormat): Buffer {
  if (format === 'json') return Buffer.from('{}');
  const { response } = otlpSchema();
  return Buffer.from(response.encode(response.create({})).finish());
}
