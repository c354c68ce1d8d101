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
}

/** A scope as newer SDKs shape it: attributes are optional and absent from core 2.x's type. */
export interface ScopeWithAttributes {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: Record<string, unknown>;
  droppedAttributesCount?: number;
}
