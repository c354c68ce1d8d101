import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * A decoded OTLP attribute value.
 *
 * int64 values (`AnyValue.int_value`) become a `number` when they fit in
 * `Number.MAX_SAFE_INTEGER`, otherwise a `bigint`, so ordinary counters compare with `===`
 * while huge ids keep every digit. `bytes_value` becomes a `Uint8Array`, `array_value` an
 * array and `kvlist_value` a plain object. An empty `AnyValue` decodes to `null`.
 */
export type AttrValue =
  | string
  | number
  | boolean
  | bigint
  | Uint8Array
  | null
  | AttrValue[]
  | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

export type SpanKindName =
  'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

export interface ReceivedEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface ReceivedLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
  /** Undefined when the sender left the field at 0 / unset. */
  flags?: number;
  droppedAttributesCount: number;
}

/** One span as it arrived at the receiver, flattened with its resource and scope. */
export interface ReceivedSpan {
  /** Lowercase hex, 32 chars. */
  traceId: string;
  /** Lowercase hex, 16 chars. */
  spanId: string;
  /** Lowercase hex; undefined for a root span (empty parent_span_id). */
  parentSpanId?: string;
  name: string;
  /** Raw `Span.SpanKind` number (0-5). */
  kind: number;
  kindName: SpanKindName;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  durationMs: number;
  attributes: Attributes;
  events: ReceivedEvent[];
  links: ReceivedLink[];
  status: { code: 0 | 1 | 2; message?: string };
  traceState?: string;
  /** `Span.flags` (W3C trace flags in the low byte); undefined when 0 / unset. */
  flags?: number;
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
  resource: Attributes;
  scope: { name: string; version?: string; attributes: Attributes };
  /** `resource['service.name']` when it is a string. */
  serviceName?: string;
}

export type OtlpFormat = 'protobuf' | 'json';

/**
 * Every POST the receiver saw, whatever the outcome. A gRPC receiver records each `Export` call
 * as a POST to the method path, with its metadata as `headers` and the message as the body.
 */
export interface ReceivedRequest {
  method: string;
  /** URL path without the query string; for gRPC the method path. */
  path: string;
  /**
   * Request headers; for gRPC the call metadata (one value a string, several an array,
   * `-bin` values base64).
   */
  headers: Record<string, string | string[] | undefined>;
  /** Media type without parameters, lowercased ('' when absent); 'application/grpc' for gRPC. */
  contentType: string;
  /** Lowercased `content-encoding` header, undefined when absent (always for gRPC). */
  contentEncoding?: string;
  /**
   * The body exactly as received (still gzipped when it was sent gzipped). For gRPC the message
   * bytes, which grpc-js has already decompressed.
   */
  rawBody: Buffer;
  /** The body after content decoding. */
  body: Buffer;
  /** 'unknown' when the content type is neither OTLP protobuf nor OTLP JSON. */
  format: OtlpFormat | 'unknown';
  /** Spans decoded from this request (0 when it failed to decode). */
  spanCount: number;
  /** The spans decoded from this request. */
  spans: ReceivedSpan[];
  /**
   * HTTP status the receiver answered with (undefined while pending or after a reset; always
   * for gRPC receivers, see `grpcStatus`).
   */
  responseStatus?: number;
  /**
   * The gRPC status the receiver answered with (0 = OK); only for gRPC receivers, undefined
   * while pending or when the client cancelled the call first.
   */
  grpcStatus?: number;
  /**
   * Why the receiver rejected the request (404, 415, 400 ...; for gRPC INVALID_ARGUMENT when the
   * message does not decode, INTERNAL when the hook failed). Unset for a status the hook chose.
   */
  error?: string;
}

export interface ReceiverResponse {
  status: number;
  headers?: Record<string, string>;
  /** Defaults to an encoded empty ExportTraceServiceResponse for 2xx, '' otherwise. */
  body?: string | Buffer;
}

/** Low-level handles passed to `respond`, e.g. to reset the connection with `socket.destroy()`. */
export interface RespondContext {
  socket: Socket;
  request: IncomingMessage;
  response: ServerResponse;
}

export type RespondHook = (
  req: ReceivedRequest,
  ctx: RespondContext,
) => ReceiverResponse | undefined | void | Promise<ReceiverResponse | undefined | void>;

export interface ReceiverOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /**
   * Called for every well-formed `POST /v1/traces` after decoding. Return a response to
   * override the default 200 (e.g. 429 with Retry-After), return undefined to keep it, or
   * destroy `ctx.socket` to simulate a reset. Spans are only added to `receiver.spans`
   * when the final answer is 2xx, as a real collector would only keep accepted data.
   */
  respond?: RespondHook;
  /**
   * Serve HTTPS with this certificate and key (PEM), e.g. to test an exporter's TLS settings; the
   * receiver's `url` then starts with `https://`. Default: plain HTTP.
   */
  tls?: ReceiverTlsOptions;
  /**
   * Called with the spans of every accepted request (2xx), after they are kept (or not, see
   * `retain`). A callback that throws is ignored: the sender already has its answer. Default: none.
   */
  onSpans?: (spans: ReceivedSpan[], request: ReceivedRequest) => void;
  /**
   * Keep every span and request in `receiver.spans` / `receiver.requests`. `false` keeps nothing, so
   * a long-running receiver (e.g. `otelkit view`) holds only what `onSpans` keeps; the `wait*`
   * methods then never see spans. Default true.
   */
  retain?: boolean;
  /**
   * Largest request body accepted, before and after gzip inflation; a larger one gets 413 and is not
   * read further. Default: no limit.
   */
  maxBodyBytes?: number;
}

export interface ReceiverTlsOptions {
  /** The server's certificate chain, PEM. */
  cert: string | Buffer;
  /** The server's private key, PEM. */
  key: string | Buffer;
  /**
   * Require a client certificate signed by one of these CAs (PEM): mutual TLS. A client without one
   * fails its TLS handshake. Default: no client certificate asked for.
   */
  clientCa?: string | Buffer;
}

/** The answer a gRPC receiver's `respond` hook picks for one `Export` call. */
export interface GrpcReceiverResponse {
  /**
   * gRPC status code, as in `@grpc/grpc-js`'s `status` enum: 0 = OK, 14 = UNAVAILABLE,
   * 8 = RESOURCE_EXHAUSTED ... (0-16).
   */
  code: number;
  /** Status message (`grpc-message`) sent with a non-OK code. */
  message?: string;
}

export interface GrpcReceiverOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /**
   * Serve gRPC over TLS with this certificate and key (PEM); with `clientCa`, require a client
   * certificate it signed (mutual TLS). The receiver's `url` then starts with `https://`.
   * Default: plaintext (h2c).
   */
  tls?: ReceiverTlsOptions;
  /**
   * Called for every `Export` call whose message decodes, with the decoded request. Return a
   * non-zero `code` to answer with that gRPC status instead of OK (e.g. `{ code: 14 }` for
   * UNAVAILABLE), or undefined to answer OK. Spans are only added to `receiver.spans` when the
   * final answer is OK. A hook that throws or rejects answers INTERNAL (13).
   */
  respond?: (
    req: ReceivedRequest,
  ) => GrpcReceiverResponse | undefined | void | Promise<GrpcReceiverResponse | undefined | void>;
}

export interface WaitOptions {
  /** Default 10000 ms. */
  timeoutMs?: number;
}

export type SpansPredicate = (spans: ReceivedSpan[]) => boolean;

export interface OtlpReceiver {
  /**
   * Base URL, e.g. `http://127.0.0.1:4318`, for OTEL_EXPORTER_OTLP_ENDPOINT; `https://` with
   * `tls`. For a gRPC receiver it is `http(s)://host:port`, exactly what a gRPC exporter takes
   * as its endpoint (the scheme only says whether to use TLS).
   */
  url: string;
  /**
   * `url + '/v1/traces'`, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. For a gRPC receiver the same
   * as `url`, since gRPC addresses the service by method, not by URL path.
   */
  tracesUrl: string;
  port: number;
  /** Every accepted span, in arrival order. */
  readonly spans: ReceivedSpan[];
  /** Every POST (or gRPC `Export` call), in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Resolves with all spans once `count` spans arrived or `predicate(spans)` holds. */
  waitForSpans(
    countOrPredicate: number | SpansPredicate,
    opts?: WaitOptions,
  ): Promise<ReceivedSpan[]>;
  /** Resolves with the spans of the first trace for which `predicate(traceSpans)` holds. */
  waitForTrace(predicate: SpansPredicate, opts?: WaitOptions): Promise<ReceivedSpan[]>;
  /** Forgets received spans and requests. */
  clear(): void;
  close(): Promise<void>;
}

export interface TraceNode {
  span: ReceivedSpan;
  /** Sorted by start time. */
  children: TraceNode[];
  /** True when the span names a parent that is not among the given spans. */
  missingParent?: boolean;
}

export type SpanMatcher = string | RegExp | ((span: ReceivedSpan) => boolean);

/** An expected attribute: exact value (deep equality), a RegExp on its string form, or a predicate. */
export type AttrExpectation = AttrValue | RegExp | ((value: AttrValue | undefined) => boolean);

export interface ExpectedSpan {
  name?: string | RegExp;
  kind?: SpanKindName;
  serviceName?: string | RegExp;
  attributes?: Record<string, AttrExpectation>;
  status?: { code?: 0 | 1 | 2; message?: string | RegExp };
}

export interface ExpectedTrace extends ExpectedSpan {
  /** Matched as a subset of the node's children, in any order, each by a distinct child. */
  children?: ExpectedTrace[];
}

export interface AssertTraceOptions {
  /** Whether the top expectation must match a root (default) or may match any node. */
  atRoot?: boolean;
}

export interface WaterfallOptions {
  /** Total line width in characters. Default: terminal width or 120. */
  width?: number;
  /** ANSI colors. Default: `process.stdout.isTTY`. */
  color?: boolean;
  /**
   * A short note shown at the end of a span's label, e.g. `✗ [2]` for the spans a report names; undefined or ''
   * for none. The label is shortened before the note is, so the note stays visible. Default: no notes.
   */
  mark?: (span: ReceivedSpan) => string | undefined;
}

export interface FixtureOptions {
  /** Script to run, resolved by node against `cwd`. */
  script: string;
  args?: string[];
  cwd?: string;
  /** Merged over process.env; an undefined value removes the variable. */
  env?: Record<string, string | undefined>;
  /** Arguments before the script, e.g. `['--require', '@otelkit/node/register']`. */
  nodeArgs?: string[];
  /** Kill the child (SIGKILL) and fail after this long. Default 30000 ms. */
  timeoutMs?: number;
  /** Node executable. Default: env OTELKIT_TEST_NODE, else process.execPath. */
  nodeBinary?: string;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
}

export interface FixtureResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface WaitForOutputOptions {
  /** Default 'both'. */
  stream?: 'stdout' | 'stderr' | 'both';
  /** Default 10000 ms. */
  timeoutMs?: number;
}

export interface FixtureProcess {
  child: ChildProcess;
  pid: number | undefined;
  /** Resolves with the matched text (RegExp match [0]) once it appears, even if printed earlier. */
  waitForOutput(pattern: string | RegExp, opts?: WaitForOutputOptions): Promise<string>;
  /** Sends a signal (default SIGTERM); false when the child already exited. */
  kill(signal?: NodeJS.Signals): boolean;
  /** Settles when the child exits; rejects when spawning fails or the timeout killed it. */
  exited: Promise<FixtureResult>;
  stdout(): string;
  stderr(): string;
}

/** A span's status as named in integrity rules: `UNSET` (0), `OK` (1) or `ERROR` (2). */
export type SpanStatusName = 'UNSET' | 'OK' | 'ERROR';

/**
 * Picks spans by what they are; every field given must match, an empty selector matches every span.
 * Strings compare exactly, a RegExp is tested on the value.
 */
export interface SpanSelector {
  /** Span kind, or any of several kinds. Default: any kind. */
  kind?: SpanKindName | readonly SpanKindName[];
  /** Span status. Default: any status. */
  status?: SpanStatusName;
  /** Span name. Default: any name. */
  name?: string | RegExp;
  /** Instrumentation scope name, e.g. `'@opentelemetry/instrumentation-http'`. Default: any scope. */
  scope?: string | RegExp;
  /** The resource's `service.name`. Default: any service. */
  service?: string | RegExp;
}

/**
 * Which spans an integrity option applies to: a span name (exact string or RegExp), a predicate, or a
 * `SpanSelector` object (kind, status, name, scope, service).
 */
export type IntegrityMatcher = SpanMatcher | SpanSelector;

/**
 * Attributes every selected span must carry, e.g. `{ kind: 'SERVER', attributes: ['enduser.id'] }` or
 * `{ status: 'ERROR', attributes: ['error.type'] }`. An attribute that is present but `null` or `''` counts as
 * missing.
 */
export interface RequiredAttributesRule extends SpanSelector {
  /**
   * Attribute names; an entry that is itself a list is satisfied by any one of its names, for attributes renamed
   * between semantic-convention versions: `[['url.path', 'http.target']]`. At least one entry.
   */
  attributes: readonly (string | readonly string[])[];
}

/** What `checkTraceIntegrity` found wrong. */
export type IntegrityFindingKind =
  /** A span names a parent that is not among the spans of its trace: the parent was lost, or not flushed yet. */
  | 'orphan'
  /** A trace has more than one span without a parent. */
  | 'multiple-roots'
  /**
   * A trace starts with a span that is not an entry span (by default SERVER or CONSUMER): typically a CLIENT,
   * database or INTERNAL span that ran outside the request's context.
   */
  | 'unexpected-root'
  /** A CLIENT span calls a service that produced SERVER spans in the test, but has no SERVER child. */
  | 'missing-server'
  /** A PRODUCER span sends to a destination consumed in the test, but no CONSUMER span is its child or links to it. */
  | 'missing-consumer'
  /** A span selected by a `required` rule lacks some of the rule's attributes. */
  | 'missing-attributes';

/** One problem in the received spans. */
export interface IntegrityFinding {
  kind: IntegrityFindingKind;
  traceId: string;
  spanId: string;
  spanName: string;
  /** The span's `service.name`, when it has one. */
  service?: string;
  /** One line for people, e.g. `CLIENT "POST" [gateway] called payment:8080 (service payment) but has no SERVER child: …`. */
  message: string;
  /** The span the finding is about. */
  span: ReceivedSpan;
  /** For `missing-attributes`: the names (or `a|b` alternatives) not found. */
  missingAttributes?: string[];
  /** For `missing-server`: the peer the CLIENT span called, `host:port`; for `missing-consumer`: the destination. */
  peer?: string;
}

/** What `checkTraceIntegrity` returns. */
export interface IntegrityReport {
  /** True when there are no findings. */
  ok: boolean;
  /** In trace order (traces by first span received), then by the span's position in the trace. */
  findings: IntegrityFinding[];
  /** Number of spans and traces checked. */
  spanCount: number;
  traceCount: number;
}

export interface TraceIntegrityOptions {
  /**
   * Attributes that selected spans must carry, e.g.
   * `[{ kind: 'SERVER', attributes: ['http.route'] }, { status: 'ERROR', attributes: ['error.type'] }]`.
   * Default: none.
   */
  required?: readonly RequiredAttributesRule[];
  /**
   * Spans that may have no parent among the received spans: roots of start-up, shutdown or scheduled-job traces
   * (e.g. `{ scope: 'prisma', name: /^prisma:client:(connect|disconnect)$/ }`), or entry spans whose caller is
   * outside the test (a test that sends its own `traceparent`). A matching span is never an `orphan`,
   * `unexpected-root`, nor counted among `multiple-roots`. Default: none.
   */
  allowRoots?: IntegrityMatcher | readonly IntegrityMatcher[];
  /**
   * Kinds a trace may start with. A root of another kind is an `unexpected-root` unless `allowRoots` matches it.
   * Default: `['SERVER', 'CONSUMER']`.
   */
  rootKinds?: readonly SpanKindName[];
  /**
   * Spans no finding is reported about (they still count as parents, and as the services calls are matched
   * against). Default: none.
   */
  ignore?: IntegrityMatcher | readonly IntegrityMatcher[];
  /** Kinds of finding not to look for, e.g. `['missing-consumer']`. Default: none (every check runs). */
  skip?: readonly IntegrityFindingKind[];
}

export interface AssertTraceIntegrityOptions extends TraceIntegrityOptions {
  /** How many broken traces the error draws as waterfalls (the findings are all listed). Default 3. */
  maxTraces?: number;
}
