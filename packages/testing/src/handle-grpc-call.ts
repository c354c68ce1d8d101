import { status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { decodeTraceRequest, RequestError, successBody } from './decode-request';
import { metadataHeaders } from './grpc-metadata';
import { normalizeSpans } from './normalize-spans';
import type { SpanStore } from './span-store';
import type { GrpcReceiverOptions, GrpcReceiverResponse, ReceivedRequest } from './types';

export const GRPC_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

type GrpcRespondHook = NonNullable<GrpcReceiverOptions['respond']>;

const MAX_STATUS = status.UNAUTHENTICATED;

function isGrpcAnswer(value: unknown): value is GrpcReceiverResponse {
  if (!value || typeof value !== 'object') return false;
  const { code, message } = value as GrpcReceiverResponse;
  return (
    Number.isInteger(code) &&
    code >= 0 &&
    code <= MAX_STATUS &&
    (message === undefined || typeof message === 'string')
  );
}

/** Runs the hook; whatever goes wrong in it becomes an INTERNAL answer, not a server crash. */
async function hookAnswer(
  record: ReceivedRequest,
  respond: GrpcRespondHook | undefined,
): Promise<GrpcReceiverResponse> {
  let custom: unknown;
  try {
    custom = respond && (await respond(record));
  } catch (err) {
    record.error = `respond hook threw: ${(err as Error)?.message ?? String(err)}`;
    return { code: status.INTERNAL, message: record.error };
  }
  if (custom === undefined || custom === null) return { code: status.OK };
  if (!isGrpcAnswer(custom)) {
    record.error =
      `respond hook returned ${JSON.stringify(custom)}; expected undefined or ` +
      `{ code: integer 0-${MAX_STATUS}, message?: string }`;
    return { code: status.INTERNAL, message: record.error };
  }
  return custom;
}

/**
 * Records one `Export` call, decodes it with the same path as OTLP/HTTP protobuf, lets the hook
 * pick the status and keeps the spans only when the answer is OK.
 */
export async function handleGrpcCall(
  call: ServerUnaryCall<Buffer, Buffer>,
  callback: sendUnaryData<Buffer>,
  store: SpanStore,
  respond: GrpcRespondHook | undefined,
): Promise<void> {
  const body = Buffer.isBuffer(call.request) ? call.request : Buffer.alloc(0);
  const record: ReceivedRequest = {
    method: 'POST',
    path: GRPC_EXPORT_PATH,
    headers: metadataHeaders(call.metadata),
    contentType: 'application/grpc',
    rawBody: body,
    body,
    format: 'protobuf',
    spanCount: 0,
    spans: [],
  };
  store.record(record);
  let answer: GrpcReceiverResponse;
  try {
    record.spans = normalizeSpans(decodeTraceRequest(body, 'protobuf'));
    record.spanCount = record.spans.length;
    answer = await hookAnswer(record, respond);
  } catch (err) {
    record.error = (err as Error)?.message ?? String(err);
    const code = err instanceof RequestError ? status.INVALID_ARGUMENT : status.INTERNAL;
    answer = { code, message: record.error };
  }
  // A client that gave up (deadline, cancel) never sees the answer, like a reset HTTP socket.
  if (call.cancelled) return;
  record.grpcStatus = answer.code;
  if (answer.code === status.OK) {
    store.accept(record.spans, record);
    callback(null, successBody('protobuf'));
  } else {
    callback({ code: answer.code, details: answer.message ?? status[answer.code] }, null);
  }
}
