import * as http from 'node:http';
import { promisify } from 'node:util';
import { context, type MeterProvider } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { diagnosticsFor, optionError, redactUrl, type Diagnostics, type Env } from '@otelkit/core';
import { resolveExporterConfig } from './config/resolve-exporter';
import type { PostTarget } from './http/post';
import type { PartialSuccess } from './http/partial-success';
import type { Sleeper } from './http/sleep';
import { httpsModule, zlibModule } from './http/lazy-builtins';
import type { HeaderSource } from './auth/header-source';
import type { AttemptResult, ExitSendingExporter } from './internal-types';
import { ProtobufSpanEncoder } from './proto/protobuf-encoder';
import { ProtobufSpanRequest } from './proto/span-request';
import { sliceBudgetMillis } from './slice-budget';
import { PREFIX } from './prefix';
import { exporterTarget } from './report/exporter-target';
import { ExporterMetrics } from './telemetry/exporter-metrics';
import type {
  EncodingSpanExporter,
  OtlpExportResult,
  OtlpHttpExporterOptions,
  OtlpTlsMaterial,
  ResolvedExporterConfig,
  SpanRequest,
} from './types';

let gzipAsync: ((body: Uint8Array) => Promise<Buffer>) | undefined;

// Required where first needed (issue 19: start-up is paid per module loaded, ~0.4 ms each with its code on the
// 2-core bench VM): the sender, retry policy and partial-success reader with the first export, the retry wait with
// the first retry or shutdown, the stuck and odd-answer causes with the first answer, the exit thread's sender at
// exit (a synchronous require, so the exit flush works as before), the OTLP/JSON encoder and TLS reader only when
// set. Later calls are require's own cache lookup, once per export at most.
const partialSuccess = () =>
  require('./http/partial-success') as typeof import('./http/partial-success');
const sender = () => require('./http/post') as typeof import('./http/post');
const policy = () => require('./http/retry-policy') as typeof import('./http/retry-policy');
const causes = () => require('./report/stuck-cause') as typeof import('./report/stuck-cause');
const newSleeper = (): Sleeper =>
  new (require('./http/sleep') as typeof import('./http/sleep')).Sleeper();

/** An export failure with the self-observability `error.type` (HTTP status or transport error code). */
export class OtlpExportError extends Error {
  /**
   * The cause alone (`HTTP 503 (…)`, `connect ECONNREFUSED …`), for a report that names the endpoint
   * itself; `message` also names the exporter and the URL.
   */
  readonly reason: string;

  constructor(
    message: string,
    readonly errorType: string,
    readonly status: number,
    reason?: string,
  ) {
    super(message);
    this.name = 'OtlpExportError';
    this.reason = reason ?? message;
  }
}

/** What an exporter is made from once its settings are resolved (see fromConfig). */
class ResolvedExporterSetup {
  constructor(
    readonly config: ResolvedExporterConfig,
    readonly diagnostics: Diagnostics,
    readonly meterProvider: MeterProvider | undefined,
  ) {}
}

/**
 * OTLP/HTTP span exporter that encodes SDK spans straight to protobuf (or OTLP/JSON), POSTs over
 * keep-alive sockets, and retries transient failures with jittered exponential backoff, honouring
 * Retry-After. Requests run with tracing suppressed so they never trace themselves.
 */
export class OtlpHttpSpanExporter implements EncodingSpanExporter, ExitSendingExporter {
  readonly config: ResolvedExporterConfig;
  /** How lines name this exporter's destination: the URL with credentials masked, and the protocol. */
  readonly target: string;
  private readonly encoder: {
    encode(spans: ReadableSpan[]): Buffer;
    encodeSliced(spans: ReadableSpan[], budgetMillis: () => number): Promise<Buffer>;
    release?(bytes: Buffer): void;
  };
  private encoding: Promise<void> = Promise.resolve();
  /** Encodes started or queued. */
  private encodes = 0;
  private readonly encodeSettled = () => {
    this.encodes--;
  };
  private readonly sliceMillis = () => sliceBudgetMillis(this.encodes, this.loopUtilization);
  /** The app's event-loop utilization from the previous batch's arrival to the latest one's. */
  private loopUtilization = 0;
  private loopMark = performance.eventLoopUtilization();
  private readonly destination: PostTarget;
  private readonly tls: OtlpTlsMaterial;
  private sleeperMade: Sleeper | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly metrics: ExporterMetrics;
  private stopped = false;
  /** Where the stuck-export line goes (see reportStuck). */
  private readonly diagnostics: Diagnostics;
  /** Whether requests (and so, by default, responses) are OTLP/JSON. */
  private readonly json: boolean;
  /** False once the processor shuts down (see stopRetrying). */
  private retrying = true;
  /** Headers that change (a headers function, a credential provider), asked before each attempt; else undefined. */
  private readonly auth: HeaderSource | undefined;
  /** Mean encoded bytes per span of the last batch, for callers that bound memory by bytes. */
  bytesPerSpan = 0;

  /**
   * For use on its own: settings from `options` over the `OTEL_EXPORTER_OTLP_*` variables of `env`. A bad option
   * throws; a bad env value is printed (one line each) through `options.diagnostics`.
   */
  constructor(options?: OtlpHttpExporterOptions, env?: Env);
  /** @internal fromConfig's way in: settings already resolved, no env read. */
  constructor(resolved: ResolvedExporterSetup);
  constructor(
    options: OtlpHttpExporterOptions | ResolvedExporterSetup = {},
    env: Env = process.env,
  ) {
    const { config, diagnostics, meterProvider } =
      options instanceof ResolvedExporterSetup ? options : fromOptions(options, env);
    if (config.protocol === 'grpc') {
      throw optionError(PREFIX, 'protocol', config.protocol, 'http/protobuf or http/json');
    }
    this.config = config;
    this.target = exporterTarget(config);
    this.diagnostics = diagnostics;
    // Header values are credentials as often as not: masked in every later line, whoever prints it.
    diagnostics.addSecrets(Object.values(config.headers));
    const json = this.config.protocol === 'http/json';
    this.json = json;
    this.encoder = json
      ? new (
          require('./json/json-encoder') as typeof import('./json/json-encoder')
        ).JsonSpanEncoder()
      : new ProtobufSpanEncoder();
    const url = new URL(this.config.url);
    const Agent = url.protocol === 'https:' ? httpsModule().Agent : http.Agent;
    const { ca, cert, key } = this.config.tls;
    this.tls =
      ca === undefined && cert === undefined && key === undefined
        ? {}
        : (require('./http/tls-material') as typeof import('./http/tls-material')).loadTls(
            this.config.tls,
            url,
            diagnostics,
          );
    const { proxy } = this.config;
    this.destination = {
      url,
      // Decided once: without a proxy, the agent (and every request) is exactly what it was before proxies.
      agent:
        proxy === undefined
          ? new Agent({
              keepAlive: true,
              maxSockets: this.config.maxConcurrentRequests,
              ...this.tls,
            })
          : // Required here: the proxy and credential modules (~20 modules, 16-22 ms of CPU at start) load only
            // for an exporter configured to use them.
            (
              require('./http/proxy/agent-for') as typeof import('./http/proxy/agent-for')
            ).agentThroughProxy(
              url,
              proxy.url,
              {
                keepAlive: true,
                maxSockets: this.config.maxConcurrentRequests,
                tls: this.tls,
                timeoutMillis: this.config.timeoutMillis,
              },
              (secrets) => diagnostics.addSecrets(secrets),
            ),
      timeoutMillis: this.config.timeoutMillis,
      // Only the export in flight: with others waiting, throughput comes before smooth turns.
      sliceBody: () => this.inFlight.size <= 1,
      headers: {
        ...this.config.headers,
        'content-type': json ? 'application/json' : 'application/x-protobuf',
        ...(this.config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
      },
    };
    this.auth =
      config.headersFunction === undefined && config.auth === undefined
        ? undefined
        : (
            require('./auth/create-header-source') as typeof import('./auth/create-header-source')
          ).createHeaderSource(config, {
            tls: this.tls,
            timeoutMillis: config.timeoutMillis,
            diagnostics,
            now: Date.now,
            env: options instanceof ResolvedExporterSetup ? process.env : env,
          });
    const type = json ? 'otlp_http_json_span_exporter' : 'otlp_http_span_exporter';
    this.metrics = new ExporterMetrics(type, url, meterProvider);
  }

  /**
   * An exporter from settings resolved elsewhere (`resolveExporterConfig`, by @otelkit/node): reads no env. TLS
   * files the config names are read now; a problem with one is printed through `diagnostics`.
   */
  static fromConfig(
    config: ResolvedExporterConfig,
    diagnostics?: Diagnostics,
    meterProvider?: MeterProvider,
  ): OtlpHttpSpanExporter {
    return new OtlpHttpSpanExporter(
      new ResolvedExporterSetup(config, diagnosticsFor(PREFIX, diagnostics), meterProvider),
    );
  }

  /** `signal` (the processor's): once it aborts, the request is destroyed and a retry wait ends (see EncodingSpanExporter). */
  export(
    spans: ReadableSpan[],
    resultCallback: (result: ExportResult) => void,
    signal?: AbortSignal,
  ): void {
    this.run(spans.length, resultCallback, () => this.encode(spans), signal);
  }

  /** A request that encodes spans as they are added (http/protobuf), or undefined (http/json). */
  openRequest(): ProtobufSpanRequest | undefined {
    return this.encoder instanceof ProtobufSpanEncoder ? this.encoder.openRequest() : undefined;
  }

  /** Sends a request from `openRequest` like `export()` sends a batch. */
  exportRequest(
    request: SpanRequest,
    resultCallback: (result: ExportResult) => void,
    signal?: AbortSignal,
  ): void {
    const encoder = this.encoder;
    this.run(
      request.count,
      resultCallback,
      () =>
        encoder instanceof ProtobufSpanEncoder && request instanceof ProtobufSpanRequest
          ? Promise.resolve(encoder.finishRequest(request))
          : Promise.reject(new Error(`${PREFIX}: not a request this exporter opened`)),
      signal,
    );
  }

  /**
   * The exit's export (see ExitSendingExporter): everything left, in one request, one attempt, synchronously.
   * Protobuf requests are concatenated as they are: two encoded ExportTraceServiceRequests in a row decode as one
   * holding the resource spans of both.
   */
  sendAtExit(
    requests: SpanRequest[],
    spans: ReadableSpan[],
    timeoutMillis: number,
  ): OtlpExportResult {
    const count = spans.length + requests.reduce((sum, r) => sum + r.count, 0);
    try {
      const { describeFailure, errorTypeOf, isSuccess } = policy();
      const encoder = this.encoder;
      const parts = requests.map((request) =>
        encoder instanceof ProtobufSpanEncoder && request instanceof ProtobufSpanRequest
          ? Buffer.from(encoder.finishRequest(request))
          : Buffer.alloc(0),
      );
      if (spans.length > 0) parts.push(Buffer.from(encoder.encode(spans)));
      const encoded = Buffer.concat(parts);
      const body = this.config.compression === 'gzip' ? zlibModule().gzipSync(encoded) : encoded;
      const { postAtExit } = require('./http/exit-post') as typeof import('./http/exit-post');
      const result = postAtExit(
        {
          url: this.config.url,
          // Whatever credentials are held now: the exit cannot wait for a refresh.
          headers: this.withHeaders(this.auth?.latest()).headers,
          tls: this.tls,
          proxy: this.config.proxy?.url,
          body,
        },
        timeoutMillis,
      );
      if (!isSuccess(result)) {
        const reason = describeFailure(result);
        const error = new OtlpExportError(
          `${PREFIX}: export to ${redactUrl(this.config.url)} at exit failed: ${reason}`,
          errorTypeOf(result),
          result.status,
          reason,
        );
        return { code: ExportResultCode.FAILED, error };
      }
      const partial = partialSuccess().readPartialSuccess(
        result.body,
        result.contentType,
        this.json,
      );
      const rejected = partial === undefined ? 0 : Math.min(partial.rejected, count);
      return rejected === 0
        ? { code: ExportResultCode.SUCCESS }
        : {
            code: ExportResultCode.SUCCESS,
            rejectedSpans: rejected,
            rejectionMessage: partial?.message,
          };
    } catch (error) {
      return { code: ExportResultCode.FAILED, error: error as Error };
    }
  }

  /** One export: encode (however), send with retries, record metrics, call back once. */
  private run(
    count: number,
    resultCallback: (result: ExportResult) => void,
    encode: () => Promise<Buffer>,
    signal: AbortSignal | undefined,
  ): void {
    if (this.stopped) {
      const error = new OtlpExportError(`${PREFIX}: exporter is shut down`, 'already_shutdown', 0);
      resultCallback({ code: ExportResultCode.FAILED, error });
      return;
    }
    const started = performance.now();
    this.metrics.started(count);
    const done = (outcome: OtlpExportError | PartialSuccess | undefined) => {
      const seconds = (performance.now() - started) / 1000;
      if (outcome instanceof OtlpExportError) {
        this.metrics.finished(count, seconds, outcome.errorType);
        resultCallback({ code: ExportResultCode.FAILED, error: outcome });
        return;
      }
      const rejected = outcome === undefined ? 0 : Math.min(outcome.rejected, count);
      if (rejected < count) this.metrics.finished(count - rejected, seconds, undefined);
      if (rejected > 0) this.metrics.finished(rejected, seconds, 'rejected');
      const result: OtlpExportResult =
        outcome === undefined
          ? { code: ExportResultCode.SUCCESS }
          : {
              code: ExportResultCode.SUCCESS,
              rejectedSpans: rejected,
              rejectionMessage: outcome.message,
            };
      resultCallback(result);
    };
    const failed = (error: Error) => done(new OtlpExportError(error.message, error.name, 0));
    const task = encode()
      .then((body) => {
        if (count > 0) this.bytesPerSpan = body.length / count;
        return context.with(suppressTracing(context.active()), () => this.send(body, signal));
      })
      .then(done, failed);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /**
   * Encodes run one at a time (they share the encoder's buffer), each in slices. With none in
   * progress, the first slice runs now: a batch that fits in one slice (the usual case) is encoded
   * before export() returns, so its spans die young. A method of its own so that no closure living
   * through the request and its retries keeps the spans reachable.
   */
  private encode(spans: ReadableSpan[]): Promise<Buffer> {
    const loop = performance.eventLoopUtilization();
    this.loopUtilization = performance.eventLoopUtilization(loop, this.loopMark).utilization;
    this.loopMark = loop;
    const encode = () => this.encoder.encodeSliced(spans, this.sliceMillis);
    const encoded = this.encodes++ === 0 ? encode() : this.encoding.then(encode);
    this.encoding = encoded.then(this.encodeSettled, this.encodeSettled);
    return encoded;
  }

  /**
   * Resolves with nothing on success, with what the collector rejected on a partial success, with the final error
   * otherwise; never rejects.
   */
  private async send(
    encoded: Buffer,
    signal: AbortSignal | undefined,
  ): Promise<OtlpExportError | PartialSuccess | undefined> {
    let body = encoded;
    if (this.config.compression === 'gzip') {
      body = await (gzipAsync ??= promisify(zlibModule().gzip))(encoded);
      this.encoder.release?.(encoded);
    }
    try {
      return await this.sendWithRetries(body, signal);
    } finally {
      if (body === encoded) this.encoder.release?.(encoded);
    }
  }

  private async sendWithRetries(
    body: Buffer,
    signal: AbortSignal | undefined,
  ): Promise<OtlpExportError | PartialSuccess | undefined> {
    const { retry } = this.config;
    const {
      backoffMillis,
      describeFailure,
      errorTypeOf,
      isRetryable,
      isSuccess,
      MAX_RETRY_AFTER_MILLIS,
      parseRetryAfter,
    } = policy();
    let result: AttemptResult = { status: 0 };
    let reason: string | undefined;
    let reauthorized = false;
    for (let attempt = 1; ; attempt++) {
      let used: Record<string, string> | undefined;
      try {
        used = await this.auth?.headers(attempt);
        result = await sender().post(this.withHeaders(used), body, signal);
      } catch (error) {
        // No credentials for this attempt: a failed attempt like a refused connection, retried with the backoff.
        result = { status: 0, error: error as Error };
      }
      if (isSuccess(result)) {
        // Given up on by the processor (it counted the spans and says so): no line of this one's.
        if (!signal?.aborted) this.reportOddAnswer(result);
        return partialSuccess().readPartialSuccess(result.body, result.contentType, this.json);
      }
      if (used !== undefined && !reauthorized && (result.status === 401 || result.status === 403)) {
        // Credentials revoked or rotated early: one fresh set and one more attempt, then the usual failure.
        reauthorized = true;
        this.auth!.refused(used);
        this.diagnostics.warnOnce(
          `auth-refused:${result.status}`,
          `${this.target} refused the credentials (HTTP ${result.status}); fetching new ones and retrying once`,
        );
        if (!signal?.aborted) continue;
      }
      if (!isRetryable(result) || attempt >= retry.maxAttempts || !this.retrying) break;
      if (signal?.aborted) break;
      const asked = parseRetryAfter(result.retryAfter);
      if (asked !== undefined && asked > MAX_RETRY_AFTER_MILLIS) {
        // Waiting would hold the request's memory for as long as the collector likes: give up now, and say so.
        reason = `${describeFailure(result)}: collector asked to retry after ${Math.ceil(asked / 1000)} s (more than the ${MAX_RETRY_AFTER_MILLIS / 1000} s otelkit waits)`;
        break;
      }
      this.reportStuck(result, asked, attempt);
      const delay = asked ?? backoffMillis(attempt, retry);
      if (!(await this.sleeper().sleep(delay, signal))) break;
    }
    reason ??= describeFailure(result);
    return new OtlpExportError(
      `${PREFIX}: export to ${redactUrl(this.config.url)} failed: ${reason}`,
      errorTypeOf(result),
      result.status,
      reason,
    );
  }

  /** The destination with an attempt's changing headers over the fixed ones (the body's own headers stay). */
  private withHeaders(changing: Record<string, string> | undefined): PostTarget {
    if (changing === undefined) return this.destination;
    const fixed = this.destination.headers;
    const headers: Record<string, string> = {
      ...fixed,
      ...changing,
      'content-type': fixed['content-type'],
    };
    if (fixed['content-encoding'] === undefined) delete headers['content-encoding'];
    else headers['content-encoding'] = fixed['content-encoding'];
    return { ...this.destination, headers };
  }

  /**
   * Exports that keep running past their deadline or are told to come back much later fail only after every
   * attempt (or the processor's export timeout): a line now names the endpoint and the cause, at most one a minute
   * per cause (warnOnce), so the app's log says why spans pile up long before shutdown does.
   */
  private reportStuck(result: AttemptResult, asked: number | undefined, attempt: number): void {
    const cause = causes().stuckCause(result, asked, this.config.timeoutMillis);
    if (cause === undefined) return;
    this.diagnostics.warnOnce(
      `export-stuck:${asked === undefined ? 'deadline' : 'retry-after'}`,
      `exports to ${this.target} are stuck: attempt ${attempt} of ${this.config.retry.maxAttempts}: ${cause}; retrying, the spans wait in memory meanwhile`,
    );
  }

  /**
   * A success whose body misbehaved (endless, cut, trickled) loses nothing, but says the collector or a proxy in
   * front of it is broken: one line per cause, at most one a minute.
   */
  private reportOddAnswer(result: AttemptResult): void {
    const cause = causes().oddAnswerCause(result, this.config.timeoutMillis);
    if (cause === undefined) return;
    this.diagnostics.warnOnce(
      `odd-answer:${cause.kind}`,
      `${this.target} answered HTTP ${result.status} with ${cause.text}; the spans count as delivered`,
    );
  }

  /** One attempt per export from now on; an export waiting to retry gives up now. */
  stopRetrying(): void {
    this.retrying = false;
    this.sleeperMade?.cancelAll();
  }

  /** The retry waits, made with the first one. */
  private sleeper(): Sleeper {
    return (this.sleeperMade ??= newSleeper());
  }

  /** Waits for the exports in flight, retries included. */
  async forceFlush(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Stops retrying, gives requests on the wire one timeout to finish, then closes every socket. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.stopRetrying();
    const grace = newSleeper();
    await Promise.race([this.forceFlush(), grace.sleep(this.config.timeoutMillis)]);
    grace.cancelAll();
    this.auth?.close();
    this.destination.agent.destroy();
  }
}

/**
 * Resolves `options` over `env` for an exporter made on its own and prints each env problem once. OTLP/gRPC named by
 * env is not this exporter's protocol: one line, and http/protobuf (with its endpoint rule) instead.
 */
function fromOptions(options: OtlpHttpExporterOptions, env: Env): ResolvedExporterSetup {
  const diagnostics = diagnosticsFor(PREFIX, options.diagnostics);
  let { config, problems } = resolveExporterConfig(options, env);
  if (config.protocol === 'grpc') {
    ({ config, problems } = resolveExporterConfig({ ...options, protocol: 'http/protobuf' }, env));
    problems.unshift(
      'OTEL_EXPORTER_OTLP_PROTOCOL (or its TRACES_ variant) is grpc, which OtlpHttpSpanExporter does not speak; using http/protobuf',
    );
  }
  for (const problem of problems) diagnostics.warn(problem);
  return new ResolvedExporterSetup(config, diagnostics, options.meterProvider);
}
