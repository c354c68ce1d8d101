import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtlpExportResult, SpanRequest } from './types';

/** The outcome of one POST: an HTTP status (0 when no answer came) and what came with it. */
export interface AttemptResult {
  status: number;
  retryAfter?: string;
  /** The response's content-type, to read a partial_success in the format the collector wrote. */
  contentType?: string;
  /** At most MAX_RESPONSE_BYTES of the response body (see post). */
  body?: Buffer;
  /** A transport error; with a status, one that came after the status line (the status still stands). */
  error?: Error;
  /** The body went past MAX_RESPONSE_BYTES and the connection was dropped there. */
  overCap?: boolean;
}

/**
 * An exporter that can send what is left while the process exits, synchronously (see postAtExit). Checked once,
 * by the processor, with `canSendAtExit`; other exporters' leftovers are counted as unsent at exit.
 */
export interface ExitSendingExporter {
  /** Sends `requests` (from openRequest) and `spans` in one request, one attempt, within `timeoutMillis`. */
  sendAtExit(
    requests: SpanRequest[],
    spans: ReadableSpan[],
    timeoutMillis: number,
  ): OtlpExportResult;
}

/** A scope as newer SDKs shape it: attributes are optional and absent from core 2.x's type. */
export interface ScopeWithAttributes {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: Record<string, unknown>;
  droppedAttributesCount?: number;
}
