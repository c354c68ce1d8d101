import type { Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type {
  ReadableSpan,
  Span,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { defaultWarn } from '../config/env-reader';
import { resolveProcessorConfig } from '../config/resolve-processor';
import type { ResolvedProcessorConfig } from '../internal-types';
import { ProcessorMetrics } from '../telemetry/processor-metrics';
import type { BatchProcessorOptions, BatchProcessorStats, DropReason } from '../types';
import { DropReport } from './drop-report';

const SAMPLED = 1;
const ERROR = 2;

/**
 * A drop-in batching SpanProcessor. onEnd only stores the span in a preallocated ring; batches leave
 * when full (on the next turn of the event loop) or when the oldest span has waited
 * `scheduledDelayMillis` (unref'd timer). A bounded number of exports run at once; the queue is
 * bounded by span count and by estimated bytes; every lost span is counted with its reason.
 */
export class OtelkitBatchSpanProcessor implements SpanProcessor {
  readonly config: ResolvedProcessorConfig;
  private readonly ring: Array<ReadableSpan | undefined>;
  private readonly capacity: number;
  private head = 0;
  private size = 0;
  /** The count bound in force: the queue size, lowered when spans are large enough to hit the byte bound. */
  private limit: number;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing = 0;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Settles each export still in flight; shutdown uses it to count batches the collector never answered. */
  private readonly pending = new Set<(reason: DropReason | undefined) => void>();
  private readonly counts: BatchProcessorStats = {
    queued: 0,
    exported: 0,
    dropped: {
      queue_full: 0,
      bytes_limit: 0,
      already_shutdown: 0,
      export_failed: 0,
      export_timeout: 0,
      shutdown_timeout: 0,
    },
    failedExports: 0,
    queueSize: 0,
    inFlight: 0,
  };
  private readonly metrics: ProcessorMetrics;
  private readonly report: DropReport;
  private readonly onTimer = () => {
    this.timer = undefined;
    this.drain(true);
  };

  constructor(
    private readonly exporter: SpanExporter,
    options: BatchProcessorOptions = {},
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const warn = options.onWarning ?? defaultWarn;
    this.config = resolveProcessorConfig(options, env, warn);
    this.capacity = this.config.maxQueueSize;
    this.limit = this.capacity;
    this.ring = new Array<ReadableSpan | undefined>(this.capacity).fill(undefined);
    this.metrics = new ProcessorMetrics(() => this.size, this.capacity, options.meterProvider);
    this.report = new DropReport(warn);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & SAMPLED) === 0) return;
    if (this.stopped) {
      this.drop(1, 'already_shutdown');
      return;
    }
    if (this.size >= this.limit && !this.makeRoomFor(span)) return;
    let tail = this.head + this.size;
    if (tail >= this.capacity) tail -= this.capacity;
    this.ring[tail] = span;
    this.size++;
    this.counts.queued++;
    if (this.size >= this.config.maxExportBatchSize) {
      // Sent at once, as upstream does: spans handed over young die young, which keeps them out of
      // the old generation (waiting a turn of the loop doubled the GC share of the hot path).
      if (this.inFlight < this.config.maxConcurrentExports) this.drain(false);
    } else if (this.timer === undefined) {
      this.startTimer();
    }
  }

  /** A full queue refuses new spans, except errors, which push out the oldest span instead. */
  private makeRoomFor(span: ReadableSpan): boolean {
    const reason: DropReason = this.limit < this.capacity ? 'bytes_limit' : 'queue_full';
    this.drop(1, reason);
    if (span.status.code !== ERROR) return false;
    this.ring[this.head] = undefined;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.size--;
    return true;
  }

  private drop(count: number, reason: DropReason): void {
    // Spans lost after submission were already "processed" (the exporter's metric tells their fate).
    const submitted = reason === 'export_failed' || reason === 'export_timeout';
    if (!submitted) this.metrics.dropped(count, reason);
    this.counts.dropped[reason] += count;
    this.report.maybeReport(this);
  }

  private startTimer(): void {
    this.timer = setTimeout(this.onTimer, this.config.scheduledDelayMillis);
    this.timer.unref();
  }

  /** Sends full batches while export slots are free; partial ones too when `partial` (timer, flush). */
  private drain(partial: boolean): void {
    const { maxExportBatchSize, maxConcurrentExports } = this.config;
    while (this.size > 0 && this.inFlight < maxConcurrentExports) {
      if (this.size < maxExportBatchSize && !(partial || this.flushing > 0)) break;
      this.exportBatch(Math.min(this.size, maxExportBatchSize));
    }
    if (this.size > 0 && this.timer === undefined) this.startTimer();
  }

  private takeBatch(count: number): ReadableSpan[] {
    const batch = new Array<ReadableSpan>(count);
    for (let i = 0; i < count; i++) {
      batch[i] = this.ring[this.head]!;
      this.ring[this.head] = undefined;
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    }
    this.size -= count;
    return batch;
  }

  private exportBatch(count: number): void {
    const batch = this.takeBatch(count);
    this.inFlight++;
    this.metrics.submitted(count);
    let finished = false;
    const finish = (reason: DropReason | undefined) => {
      if (finished) return;
      finished = true;
      this.pending.delete(finish);
      clearTimeout(deadline);
      this.inFlight--;
      if (reason) {
        this.counts.failedExports++;
        this.drop(count, reason);
      } else {
        this.counts.exported += count;
      }
      this.afterExport();
    };
    this.pending.add(finish);
    const deadline = setTimeout(() => finish('export_timeout'), this.config.exportTimeoutMillis);
    deadline.unref();
    const done = (result: ExportResult) =>
      finish(result.code === ExportResultCode.SUCCESS ? undefined : 'export_failed');
    const send = () => {
      try {
        this.exporter.export(batch, done);
      } catch {
        finish('export_failed');
      }
      this.learnSpanSize();
    };
    const settling = settlingResources(batch);
    if (settling) void Promise.all(settling).then(send, send);
    else send();
  }

  /** Lowers the count bound when the exporter reports large spans, so bytes stay under maxQueueBytes. */
  private learnSpanSize(): void {
    const bytesPerSpan = (this.exporter as { bytesPerSpan?: number }).bytesPerSpan;
    if (bytesPerSpan && bytesPerSpan > 0) {
      const byBytes = Math.floor(this.config.maxQueueBytes / bytesPerSpan);
      this.limit = Math.max(1, Math.min(this.capacity, byBytes));
    }
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
    const deadline = Date.now() + this.config.exportTimeoutMillis;
    await this.flushWithin(this.config.exportTimeoutMillis);
    if (this.timer) clearTimeout(this.timer);
    if (this.size > 0) this.drop(this.takeBatch(this.size).length, 'shutdown_timeout');
    // Batches still on the wire are lost to this process: count them now, not when their timers fire.
    for (const finish of [...this.pending]) finish('export_timeout');
    // A hung collector must not hold the app's exit past the deadline.
    await raceDeadline(this.exporter.shutdown(), deadline - Date.now());
  }

  /** A snapshot of the running totals. */
  stats(): BatchProcessorStats {
    const c = this.counts;
    return { ...c, dropped: { ...c.dropped }, queueSize: this.size, inFlight: this.inFlight };
  }
}

/**
 * Resources still detecting async attributes (upstream's BSP waits for them too): encoding them now
 * would miss those attributes and make the SDK warn. Undefined when none, the usual case.
 */
function settlingResources(batch: ReadableSpan[]): Array<Promise<void>> | undefined {
  let waits: Array<Promise<void>> | undefined;
  let last: ReadableSpan['resource'] | undefined;
  for (let i = 0; i < batch.length; i++) {
    const resource = batch[i].resource;
    if (resource === last) continue;
    last = resource;
    if (resource.asyncAttributesPending && resource.waitForAsyncAttributes) {
      (waits ??= []).push(resource.waitForAsyncAttributes());
    }
  }
  return waits;
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
