/** The outcome of one POST: an HTTP status (0 when no answer came) and what came with it. */
export interface AttemptResult {
  status: number;
  retryAfter?: string;
  body?: Buffer;
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
