import { context, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { noDrops } from './drop-report';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type {
  ReadableSpan,
  Span,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { cut, diagnosticsFor, ECHO_MAX, redactText, type Env } from '@otelkit/core';
import { resolveProcessorConfig } from '../config/resolve-processor';
import { canSendAtExit, isEncodingSpanExporter } from '../encoding-span-exporter';
import type { ExitSendingExporter } from '../internal-types';
import { PREFIX } from '../prefix';
import { describeExporter } from '../report/describe-target';
import { exportCause } from '../report/export-cause';
import { reportExportEvents } from '../report/report-export-events';
import { ProcessorMetrics } from '../telemetry/processor-metrics';
import type {
  BatchProcessorOptions,
  BatchProcessorStats,
  DropReason,
  EncodingSpanExporter,
  ExportEvent,
  ExportEventListener,
  OtlpExportResult,
  ProcessorSetup,
  ResolvedProcessorConfig,
  SpanRequest,
} from '../types';
import { UnsettledResources } from './unsettled-resources';
import { PendingExport, type ExportOutcome } from './pending-export';
import { rejectedSpansOf } from './rejected-spans';

const SAMPLED = 1;
const ERROR = 2;
/**
 * Heap a queued SDK span holds beyond its encoded bytes (span, context, times, attribute object,
 * arrays): measured ~1,000 heap bytes for a span that encodes to 228.
 */
const SPAN_OBJECT_BYTES = 800;
/**
 * Eager path: a request closes at this many encoded bytes even short of its batch, so large spans
 * neither make requests a collector refuses nor leave a batch that the byte bound stops from filling.
 */
const MAX_REQUEST_BYTES = 1024 * 1024;
/**
 * Slots the batch path's ring starts with. It doubles when full, up to maxQueueSize, so a large bound (up to a
 * million spans) costs memory only once a backlog needs it.
 */
const INITIAL_RING_SLOTS = 1024;
/**
 * Exports run with tracing suppressed, so an exporter's own HTTP or gRPC calls are never traced, and outside the
 * app's context (an export may start inside a request's onEnd): made once, not per export.
 */
const EXPORT_CONTEXT = suppressTracing(ROOT_CONTEXT);

/** The events of single-span drops (the overloaded path), made once so that a drop allocates nothing. */
const ONE_DROPPED: Record<DropReason, ExportEvent> = {
  queue_full: oneDropped('queue_full'),
  bytes_limit: oneDropped('bytes_limit'),
  already_shutdown: oneDropped('already_shutdown'),
  export_failed: oneDropped('export_failed'),
  export_timeout: oneDropped('export_timeout'),
  shutdown_timeout: oneDropped('shutdown_timeout'),
  rejected: oneDropped('rejected'),
};

function oneDropped(reason: DropReason): ExportEvent {
  return Object.freeze({ type: 'dropped', reason, spans: 1 });
}

/** What a processor is made from once its settings are resolved (see fromConfig). */
class ResolvedSetup {
  constructor(
    readonly config: ResolvedProcessorConfig,
    readonly onEvent: ExportEventListener | undefined,
    readonly setup: ProcessorSetup,
  ) {}
}

/**
 * A drop-in batching SpanProcessor. onEnd only stores the span in a preallocated ring; a batch leaves
 * as soon as it is full, or when the unref'd timer (armed when the queue stops being empty) fires. A
 * bounded number of exports run at once; the queue is bounded by span count and by estimated bytes;
 * every lost span is counted with its reason.
 */
export class OtelkitBatchSpanProcessor implements SpanProcessor {
  readonly config: ResolvedProcessorConfig;
  /** Batch path: the spans queued, from `head`, wrapping; grows up to `capacity` (see INITIAL_RING_SLOTS). */
  private ring: Array<ReadableSpan | undefined>;
  private ringSlots: number;
  private readonly capacity: number;
  private readonly batchSize: number;
  private readonly maxExports: number;
  private head = 0;
  /** Batch path: spans at the ring's head known to have ERROR status (see dropOldestInRing). */
  private errorPrefix = 0;
  /**
   * Spans queued: in the ring on the batch path, encoded into requests not yet sent on the eager path
   * (where the ring stays empty), so on the batch path it is also the ring's occupancy.
   */
  private size = 0;
  /**
   * The eager path, when the exporter builds requests incrementally: each span is encoded into the
   * open request as it ends, and full requests wait here for an export slot. The SDK's span object is
   * then garbage at once: held until the end of the turn, ~100 spans survived each scavenge, which
   * doubled its pause (0.65 vs 0.32 ms) and set the event loop's p99.
   */
  private request: SpanRequest | undefined;
  private readonly ready: SpanRequest[] = [];
  /** The exporter, when it declares otelkit's contract (requests, span sizes, an end to retries). */
  private readonly encoding: EncodingSpanExporter | undefined;
  /** The exporter, when it can send what is left synchronously while the process exits (see flushAtExit). */
  private readonly atExit: ExitSendingExporter | undefined;
  /** The queue size, lowered when spans are large enough to hit the byte bound. */
  private countLimit: number;
  /**
   * What onEnd compares with: the count bound, or the ring's slots while the ring is smaller (makeRoomFor grows
   * it), and 0 once stopped, so onEnd needs one comparison for every reason to look further.
   */
  private limit: number;
  private queued = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing = 0;
  private stopped = false;
  /** Set by abandon(): its caller reports the losses (see there). */
  private silenced = false;
  private shutdownPromise: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Exports in flight by slot (at most maxConcurrentExports); shutdown counts the unanswered ones. */
  private readonly pending: Array<PendingExport | undefined>;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly counts: BatchProcessorStats = {
    queued: 0,
    exported: 0,
    dropped: noDrops(),
    failedExports: 0,
    queueSize: 0,
    inFlight: 0,
    inFlightSpans: 0,
  };
  /** Batch path: resources seen still detecting async attributes, waited for before an export. */
  private readonly unsettled = new UnsettledResources();
  private readonly metrics: ProcessorMetrics;
  private readonly onEvent: ExportEventListener;
  private readonly onTimer = () => {
    this.timer = undefined;
    this.drain(true);
  };

  /**
   * For use on its own: settings from `options` over the `OTEL_BSP_*` / `OTELKIT_BSP_*` variables of `env`; a bad
   * option throws, a bad env value is printed (one line each) through `options.diagnostics`. Events go to
   * `options.onEvent`, else they are printed as `reportExportEvents` does.
   */
  constructor(exporter: SpanExporter, options?: BatchProcessorOptions, env?: Env);
  /** @internal fromConfig's way in: settings already resolved, no env read. */
  constructor(exporter: SpanExporter, resolved: ResolvedSetup);
  constructor(
    private readonly exporter: SpanExporter,
    options: BatchProcessorOptions | ResolvedSetup = {},
    env: Env = process.env,
  ) {
    const { config, onEvent, setup } =
      options instanceof ResolvedSetup ? options : fromOptions(options, env);
    this.config = config;
    this.encoding = isEncodingSpanExporter(exporter) ? exporter : undefined;
    this.atExit = canSendAtExit(exporter) ? exporter : undefined;
    this.request = this.encoding?.openRequest();
    // Encoded spans are bounded by their bytes; SDK spans by count (see encodedQueueSize).
    this.capacity = this.request === undefined ? config.maxQueueSize : config.encodedQueueSize;
    this.countLimit = this.capacity;
    this.ringSlots = Math.min(this.capacity, INITIAL_RING_SLOTS);
    this.maxExports = config.maxConcurrentExports;
    this.pending = new Array<PendingExport | undefined>(this.maxExports + 1).fill(undefined);
    this.ring = new Array<ReadableSpan | undefined>(this.ringSlots).fill(undefined);
    this.limit = this.request === undefined ? this.ringSlots : this.capacity;
    this.batchSize =
      this.request === undefined ? config.maxExportBatchSize : config.encodedBatchSize;
    this.metrics = new ProcessorMetrics(() => this.size, this.capacity, setup.meterProvider);
    this.onEvent =
      onEvent ??
      reportExportEvents({
        diagnostics: diagnosticsFor(PREFIX, setup.diagnostics),
        target: describeExporter(exporter),
        undelivered: () => this.undelivered(),
      });
  }

  /**
   * A processor from settings resolved elsewhere (`resolveProcessorConfig`, by @otelkit/node): reads no env and
   * prints nothing itself. Events go to `setup.onEvent`, else they are printed through `setup.diagnostics`.
   */
  static fromConfig(
    exporter: SpanExporter,
    config: ResolvedProcessorConfig,
    setup: ProcessorSetup = {},
  ): OtelkitBatchSpanProcessor {
    return new OtelkitBatchSpanProcessor(
      exporter,
      new ResolvedSetup({ ...config }, setup.onEvent, setup),
    );
  }

  onStart(_span: Span, _parentContext: Context): void {}

  /**
   * The hot path: one sampled-flag check, one bound check, a ring store and plain counters. Anything
   * else (timers, batches, metrics) happens at a batch boundary.
   */
  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & SAMPLED) === 0) return;
    let size = this.size;
    if (size >= this.limit) {
      if (!this.makeRoomFor(span)) return;
      size = this.size;
    }
    this.size = size + 1;
    this.queued++;
    if (this.request !== undefined) {
      this.encode(span);
      if (size === 0 && this.timer === undefined && this.size > 0) this.startTimer();
      return;
    }
    this.store(span, size);
    // Noted now, while the span is in cache: a pass over the batch at export time read every span
    // again, long after it left the cache.
    this.unsettled.note(span.resource);
    if (size + 1 >= this.batchSize) {
      // Sent at once, as upstream does: spans handed over young die young, which keeps them out of
      // the old generation (waiting a turn of the loop doubled the GC share of the hot path).
      if (this.inFlight < this.maxExports) this.drain(false);
      // Backlogged: the exporter reports span sizes once it has encoded a batch, after export() returned.
      else this.learnSpanSize();
    } else if (size === 0 && this.timer === undefined) {
      this.startTimer();
    }
  }

  /** Batch path: the span joins the ring, which held `occupied` spans. */
  private store(span: ReadableSpan, occupied: number): void {
    this.ring[this.slotAt(occupied)] = span;
  }

  /** The ring's slot `offset` places after its head (offset ≤ its slots). */
  private slotAt(offset: number): number {
    const slot = this.head + offset;
    return slot >= this.ringSlots ? slot - this.ringSlots : slot;
  }

  /** Batch path, ring full below the count bound: twice the slots (at most the bound), the queue from slot 0. */
  private growRing(): void {
    const slots = Math.min(this.capacity, this.ringSlots * 2);
    const ring = new Array<ReadableSpan | undefined>(slots).fill(undefined);
    for (let i = 0; i < this.size; i++) ring[i] = this.ring[this.slotAt(i)];
    this.ring = ring;
    this.ringSlots = slots;
    this.head = 0;
    this.limit = Math.min(this.countLimit, slots);
  }

  /** Eager path: the span is encoded into the open request, which leaves once it holds a batch. */
  private encode(span: ReadableSpan): void {
    const request = this.request!;
    try {
      request.add(span);
    } catch {
      // A span the encoder cannot write (it never happens with SDK spans) is lost, and counted.
      this.size--;
      this.drop(1, 'export_failed');
      this.emit(ONE_DROPPED.export_failed);
      return;
    }
    if (request.count >= this.batchSize || request.bytes >= MAX_REQUEST_BYTES) {
      this.closeRequest();
      this.sendReady();
    }
  }

  private closeRequest(): void {
    const request = this.request!;
    // Queued spans are held as these bytes now, not as SDK objects: the byte bound uses them as they are.
    if (request.count > 0) this.bound(request.bytes / request.count);
    this.ready.push(request);
    this.request = this.encoding!.openRequest();
  }

  /** Eager path: sends closed requests while export slots are free. */
  private sendReady(): void {
    while (this.ready.length > 0 && this.inFlight < this.maxExports) {
      this.exportRequest(this.ready.shift()!);
    }
  }

  /**
   * No room (or stopped): counts the drop. A span with ERROR status takes the place of the oldest queued
   * span without ERROR status instead; when every queued span is an ERROR span, the new one is dropped.
   */
  private makeRoomFor(span: ReadableSpan): boolean {
    if (this.stopped) {
      this.dropOne('already_shutdown');
      return false;
    }
    if (this.size < this.countLimit) {
      // Only the ring's slots ran out (the batch path): it grows.
      this.growRing();
      return true;
    }
    this.dropOne(this.countLimit < this.capacity ? 'bytes_limit' : 'queue_full');
    if (span.status.code !== ERROR || this.size === 0) return false;
    if (!(this.request === undefined ? this.dropOldestInRing() : this.dropOldestEncoded()))
      return false;
    this.size--;
    return true;
  }

  /** Eager path: the oldest request not sent yet that holds a span without ERROR status gives it up. */
  private dropOldestEncoded(): boolean {
    const ready = this.ready;
    for (let i = 0; i < ready.length; i++) {
      if (!ready[i].dropOldestNonError()) continue;
      if (ready[i].count === 0) ready.splice(i, 1);
      return true;
    }
    return this.request!.dropOldestNonError();
  }

  /**
   * Batch path: the oldest span without ERROR status leaves the ring, and the ring's head takes its slot
   * (order within a batch carries no meaning). The ERROR spans passed over stay counted in
   * `errorPrefix`, so a queue full of errors is not scanned again for every new one.
   */
  private dropOldestInRing(): boolean {
    const ring = this.ring;
    let offset = this.errorPrefix;
    while (offset < this.size && ring[this.slotAt(offset)]!.status.code === ERROR) offset++;
    this.errorPrefix = offset;
    if (offset === this.size) return false;
    ring[this.slotAt(offset)] = ring[this.head];
    ring[this.head] = undefined;
    this.head = this.slotAt(1);
    return true;
  }

  /** Counts lost spans; the caller tells the listener (a failed export is an event of its own). */
  private drop(count: number, reason: DropReason): void {
    // Spans lost after submission were already "processed" (the exporter's metric tells their fate).
    const submitted =
      reason === 'export_failed' || reason === 'export_timeout' || reason === 'rejected';
    if (!submitted) this.metrics.dropped(count, reason);
    this.counts.dropped[reason] += count;
  }

  private dropOne(reason: DropReason): void {
    this.drop(1, reason);
    this.emit(ONE_DROPPED[reason]);
  }

  private dropMany(count: number, reason: DropReason): void {
    this.drop(count, reason);
    this.emit(count === 1 ? ONE_DROPPED[reason] : { type: 'dropped', reason, spans: count });
  }

  /** Tells the listener, after the counts include the event; a listener that throws is ignored. */
  private emit(event: ExportEvent): void {
    if (this.silenced) return;
    try {
      this.onEvent(event);
    } catch {
      // The listener's problem must not become the app's or stop the export path.
    }
  }

  /** Spans lost for good since start. */
  private undelivered(): number {
    let total = 0;
    for (const count of Object.values(this.counts.dropped)) total += count;
    return total;
  }

  private startTimer(): void {
    this.timer = setTimeout(this.onTimer, this.config.scheduledDelayMillis);
    this.timer.unref();
  }

  /** Sends full batches while export slots are free; partial ones too when `partial` (timer, flush). */
  private drain(partial: boolean): void {
    if (this.request !== undefined) {
      if ((partial || this.flushing > 0) && this.request.count > 0) this.closeRequest();
      this.sendReady();
      if (this.size > 0 && this.timer === undefined) this.startTimer();
      return;
    }
    const batchSize = this.batchSize;
    while (this.size > 0 && this.inFlight < this.maxExports) {
      if (this.size < batchSize && !(partial || this.flushing > 0)) break;
      this.exportBatch(Math.min(this.size, batchSize));
    }
    if (this.size > 0 && this.timer === undefined) this.startTimer();
  }

  /** The oldest `count` spans, copied and cleared in at most two native slices (no per-span JS). */
  private takeBatch(count: number): ReadableSpan[] {
    const ring = this.ring;
    const head = this.head;
    const first = Math.min(count, this.ringSlots - head);
    const batch = ring.slice(head, head + first) as ReadableSpan[];
    ring.fill(undefined, head, head + first);
    if (first < count) {
      const rest = count - first;
      for (let i = 0; i < rest; i++) batch.push(ring[i]!);
      ring.fill(undefined, 0, rest);
    }
    this.head = this.slotAt(count);
    this.size -= count;
    this.errorPrefix = Math.max(0, this.errorPrefix - count);
    return batch;
  }

  private exportBatch(count: number): void {
    const batch = this.takeBatch(count);
    const entry = this.startExport(count);
    const settling = this.unsettled.waits();
    if (settling === undefined) this.send(batch, entry);
    else {
      const send = () => this.send(batch, entry);
      void Promise.all(settling).then(send, send);
    }
  }

  private exportRequest(request: SpanRequest): void {
    this.size -= request.count;
    const entry = this.startExport(request.count);
    const encoding = this.encoding!;
    const send = () => {
      try {
        context.with(
          EXPORT_CONTEXT,
          encoding.exportRequest,
          encoding,
          request,
          entry.done,
          entry.signal,
        );
      } catch (error) {
        this.settle(entry, 'failed', toError(error));
      }
    };
    const settling = request.settling();
    if (settling === undefined) send();
    else void Promise.all(settling).then(send, send);
  }

  /** Takes an export slot for `count` spans and starts its deadline. */
  private startExport(count: number): PendingExport {
    let slot = 0;
    while (this.pending[slot] !== undefined) slot++;
    const entry = new PendingExport(
      count,
      Date.now() + this.config.exportTimeoutMillis,
      slot,
      this.settle,
      this.encoding === undefined ? undefined : new AbortController(),
    );
    this.pending[slot] = entry;
    this.inFlight++;
    this.counts.inFlightSpans += count;
    if (this.watchdog === undefined) this.armWatchdog(this.config.exportTimeoutMillis);
    this.metrics.submitted(count);
    return entry;
  }

  private send(batch: ReadableSpan[], entry: PendingExport): void {
    const exporter = this.exporter;
    const encoding = this.encoding;
    try {
      if (encoding === undefined)
        context.with(EXPORT_CONTEXT, exporter.export, exporter, batch, entry.done);
      // One that can be stopped is told when the processor gives up on the batch.
      else context.with(EXPORT_CONTEXT, encoding.export, encoding, batch, entry.done, entry.signal);
    } catch (error) {
      this.settle(entry, 'failed', toError(error));
    }
    this.learnSpanSize();
  }

  private readonly settle = (
    entry: PendingExport,
    outcome: ExportOutcome,
    error?: Error,
    result?: OtlpExportResult,
  ): void => {
    if (entry.settled) return;
    entry.settled = true;
    this.pending[entry.slot] = undefined;
    this.inFlight--;
    this.counts.inFlightSpans -= entry.count;
    const spans = entry.count;
    if (outcome === 'delivered') {
      const rejected = rejectedSpansOf(result, spans);
      if (rejected < spans) {
        this.counts.exported += spans - rejected;
        this.emit({ type: 'delivered', spans: spans - rejected });
      }
      if (rejected > 0) {
        this.drop(rejected, 'rejected');
        const message = cut(redactText(result?.rejectionMessage ?? ''), ECHO_MAX);
        this.emit({ type: 'dropped', reason: 'rejected', spans: rejected, of: spans, message });
      }
    } else {
      this.counts.failedExports++;
      if (outcome === 'timeout') {
        // Given up on: its request must not live on holding a socket and the batch's bytes.
        entry.abandon();
        this.dropMany(spans, 'export_timeout');
      } else {
        this.drop(spans, 'export_failed');
        this.emit({ type: 'export-failed', spans, cause: exportCause(error), error });
      }
    }
    this.afterExport();
  };

  /**
   * One unref'd timer for every export in flight: it fails the batches past their deadline and
   * re-arms for the earliest one left. It is not cleared when exports finish; firing with nothing
   * overdue costs less than a timer per batch.
   */
  private armWatchdog(millis: number): void {
    this.watchdog = setTimeout(this.onWatchdog, Math.max(1, millis));
    this.watchdog.unref();
  }

  private readonly onWatchdog = (): void => {
    this.watchdog = undefined;
    const now = Date.now();
    let earliest = Infinity;
    for (const entry of this.pending) {
      if (entry === undefined) continue;
      if (entry.deadline <= now) this.settle(entry, 'timeout');
      else earliest = Math.min(earliest, entry.deadline);
    }
    if (earliest !== Infinity && this.watchdog === undefined) this.armWatchdog(earliest - now);
  };

  /**
   * Lowers the count bound so the memory queued spans hold stays under maxQueueBytes. A queued span
   * holds about its encoded size (attribute strings) plus the SDK objects around it.
   */
  private learnSpanSize(): void {
    const bytesPerSpan = this.encoding?.bytesPerSpan;
    if (bytesPerSpan !== undefined && bytesPerSpan > 0)
      this.bound(bytesPerSpan + SPAN_OBJECT_BYTES);
  }

  /** Sets the count bound so that spans of `bytesPerSpan` each stay under maxQueueBytes. */
  private bound(bytesPerSpan: number): void {
    if (this.stopped) return;
    const byBytes = Math.floor(this.config.maxQueueBytes / bytesPerSpan);
    this.countLimit = Math.max(1, Math.min(this.capacity, byBytes));
    this.limit =
      this.request === undefined ? Math.min(this.countLimit, this.ringSlots) : this.countLimit;
  }

  private afterExport(): void {
    if (this.size > 0) this.drain(false);
    if (this.size === 0 && this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Exports everything queued now; resolves when done or after exportTimeoutMillis, never rejects. */
  forceFlush(): Promise<void> {
    return this.flushWithin(this.config.exportTimeoutMillis).then(() => undefined);
  }

  /** Resolves true when the queue emptied and every export finished within `millis`. */
  private flushWithin(millis: number): Promise<boolean> {
    if (this.size === 0 && this.inFlight === 0) return Promise.resolve(true);
    this.flushing++;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), millis);
      timer.unref();
      const settle = (idle: boolean) => {
        clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== onIdle);
        resolve(idle);
      };
      const onIdle = () => settle(true);
      this.idleWaiters.push(onIdle);
      this.drain(true);
    }).finally(() => {
      this.flushing--;
    });
  }

  /** Refuses new spans, exports what is queued within exportTimeoutMillis, then shuts the exporter down. */
  shutdown(): Promise<void> {
    return (this.shutdownPromise ??= this.stop());
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    this.limit = 0;
    // Shutdown usually means the app is exiting: what is queued gets one attempt, not minutes of backoff.
    this.encoding?.stopRetrying();
    const deadline = Date.now() + this.config.exportTimeoutMillis;
    await this.flushWithin(this.config.exportTimeoutMillis);
    this.giveUp();
    if (this.watchdog) clearTimeout(this.watchdog);
    // A hung collector must not hold the app's exit past the deadline.
    await raceDeadline(this.exporter.shutdown(), deadline - Date.now());
  }

  /**
   * Gives up now, as shutdown does at its deadline, for a caller whose own deadline is shorter (the process's exit,
   * OTELKIT_SHUTDOWN_TIMEOUT): new spans are refused, spans still queued count as `shutdown_timeout`, exports in
   * flight as `export_timeout`, and their requests are aborted so no socket holds the process open. A shutdown in
   * progress then ends without waiting for the collector. No event is sent for these losses: the caller, which
   * chose the deadline, reports them from `stats()` in one line.
   */
  abandon(): void {
    this.stopped = true;
    this.limit = 0;
    this.silenced = true;
    this.encoding?.stopRetrying();
    this.giveUp();
  }

  /**
   * For a process that is exiting (the 'exit' event, `process.exit()`), where no callback runs again: refuses new
   * spans and sends everything still queued in one request, one attempt, synchronously, within `timeoutMillis`.
   * Exports already on the wire are left to the collector (their answers can no longer be read; they stay in
   * `inFlightSpans`). With an exporter that cannot send synchronously, or no time left, what is queued counts as
   * `shutdown_timeout`. Never throws.
   */
  flushAtExit(timeoutMillis: number): void {
    this.stopped = true;
    this.limit = 0;
    if (this.timer) clearTimeout(this.timer);
    const count = this.size;
    if (count === 0) return;
    const sender = this.atExit;
    if (sender === undefined || timeoutMillis <= 0) {
      this.dropQueued();
      return;
    }
    let requests: SpanRequest[] = [];
    let spans: ReadableSpan[] = [];
    if (this.request === undefined) spans = this.takeBatch(count);
    else {
      requests = this.ready.splice(0);
      if (this.request.count > 0) requests.push(this.request);
      this.request = undefined;
    }
    this.size = 0;
    const entry = this.startExport(count);
    let result: OtlpExportResult;
    try {
      result = sender.sendAtExit(requests, spans, timeoutMillis);
    } catch (error) {
      result = { code: ExportResultCode.FAILED, error: toError(error) };
    }
    entry.done(result);
  }

  /** Whatever is still queued, in the ring or in requests not sent (the eager path's), counts as unsent. */
  private dropQueued(): void {
    if (this.size === 0) return;
    const left = this.size;
    if (this.request === undefined) this.takeBatch(left);
    this.ready.length = 0;
    this.request = undefined;
    this.size = 0;
    this.dropMany(left, 'shutdown_timeout');
  }

  private giveUp(): void {
    if (this.timer) clearTimeout(this.timer);
    this.dropQueued();
    // Batches still on the wire are lost to this process: count them now, not when their timers fire.
    for (const entry of this.pending) if (entry) this.settle(entry, 'timeout');
  }

  /** A snapshot of the running totals. */
  stats(): BatchProcessorStats {
    const c = this.counts;
    return {
      ...c,
      queued: this.queued,
      dropped: { ...c.dropped },
      queueSize: this.size,
      inFlight: this.inFlight,
    };
  }
}

/** Waits for `work` (its failure ignored) or `millis`, whichever comes first. */
function raceDeadline(work: Promise<void>, millis: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, millis));
    timer.unref();
  });
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** Resolves `options` over `env` and prints each env problem once, for a processor made on its own. */
function fromOptions(options: BatchProcessorOptions, env: Env): ResolvedSetup {
  const { config, problems } = resolveProcessorConfig(options, env);
  const diagnostics = diagnosticsFor(PREFIX, options.diagnostics ?? options.onWarning);
  for (const problem of problems) diagnostics.warn(problem);
  return new ResolvedSetup(config, options.onEvent, {
    diagnostics,
    meterProvider: options.meterProvider,
  });
}

function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
