import { TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Clock } from '../internal-types';
import type { TailSamplingConfig, TailSamplingStats } from '../types';
import { monotonicClock } from '../composite/token-bucket';
import { BoundedDecisions } from './bounded-decisions';
import { compilePolicies } from './compile-policies';
import type { SegmentDecider } from './compile-policies';
import { asSampled } from './sampled-view';
import { Segment, isLocalRoot } from './segment';
import { tailSettings } from './tail-settings';
import type { TailSettings } from './tail-settings';
import { ReadyQueue } from './ready-queue';

/**
 * In-process tail sampling in front of an export processor. Ended spans are buffered per trace; when the last
 * local root of a trace ends (plus `graceMs` for stragglers) the policies decide once for the whole local
 * segment, and kept spans go to `next`. Memory is bounded by `maxTraces`/`maxSpans` (the oldest trace is
 * decided early, counted in `evicted`); late spans follow the remembered decision; shutdown decides all.
 */
export class TailSamplingProcessor implements SpanProcessor {
  private readonly _next: SpanProcessor;
  private readonly _decide: SegmentDecider;
  private readonly _settings: TailSettings;
  private readonly _now: Clock;
  private readonly _segments = new Map<string, Segment>();
  private readonly _decisions: BoundedDecisions;
  private readonly _ready = new ReadyQueue();
  private readonly _stats: TailSamplingStats = {
    kept: 0,
    dropped: 0,
    evicted: 0,
    lateSpans: 0,
    bufferedTraces: 0,
    bufferedSpans: 0,
  };
  private _timer: NodeJS.Timeout | undefined;
  private _isShutdown = false;

  /** Throws a TypeError naming the option on an invalid configuration. `clock` (ms, monotonic) is for tests. */
  constructor(next: SpanProcessor, config: TailSamplingConfig, clock: Clock = monotonicClock) {
    this._next = next;
    this._now = clock;
    this._settings = tailSettings(config);
    this._decide = compilePolicies(config.policies, config.otherwise ?? 'drop', clock);
    this._decisions = new BoundedDecisions(this._settings.maxDecisions);
  }

  onStart(span: Span, parentContext: Context): void {
    this._next.onStart(span, parentContext);
    if (this._isShutdown) return;
    const traceId = span.spanContext().traceId;
    if (this._decisions.get(traceId) !== undefined) return;
    const segment = this._segment(traceId);
    // Known at start, so a trace decided early (evicted) before any span ended still keeps a head decision.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) segment.headSampled = true;
    if (isLocalRoot(span)) {
      segment.openRoots++;
      segment.readyAt = undefined;
    }
  }

  onEnding(span: Span): void {
    this._next.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    if (this._isShutdown) return;
    const traceId = span.spanContext().traceId;
    const decision = this._decisions.get(traceId);
    if (decision !== undefined) {
      this._stats.lateSpans++;
      if (decision) this._next.onEnd(asSampled(span));
      return;
    }
    const segment = this._segment(traceId);
    segment.add(span);
    this._stats.bufferedSpans++;
    // A root whose start this processor never saw (its trace was forgotten meanwhile) closes the segment too.
    if (isLocalRoot(span) && (segment.openRoots <= 1 || --segment.openRoots === 0)) {
      segment.openRoots = 0;
      this._schedule(segment);
    }
    while (this._stats.bufferedSpans > this._settings.maxSpans) this._evictOldest();
  }

  /** Decides every trace whose roots have ended (skipping the grace period), then flushes `next`. */
  forceFlush(): Promise<void> {
    for (const segment of this._ready.drain()) this._decideNow(segment, false);
    return this._next.forceFlush();
  }

  /** Decides every buffered trace with what it has, exports what is kept, then shuts `next` down. */
  shutdown(): Promise<void> {
    if (!this._isShutdown) {
      for (const segment of [...this._segments.values()]) this._decideNow(segment, false);
      this._isShutdown = true;
      this._stopTimer();
    }
    return this._next.shutdown();
  }

  /** A snapshot of the counters. */
  stats(): TailSamplingStats {
    return { ...this._stats, bufferedTraces: this._segments.size };
  }

  private _segment(traceId: string): Segment {
    let segment = this._segments.get(traceId);
    if (segment === undefined) {
      segment = new Segment(traceId, this._now());
      this._segments.set(traceId, segment);
      while (this._segments.size > this._settings.maxTraces) this._evictOldest();
      this._startTimer();
    }
    return segment;
  }

  private _schedule(segment: Segment): void {
    if (this._settings.graceMs === 0) return this._decideNow(segment, false);
    segment.readyAt = this._now() + this._settings.graceMs;
    this._ready.push(segment);
  }

  private _evictOldest(): void {
    const oldest = this._segments.values().next().value;
    if (oldest !== undefined) this._decideNow(oldest, true);
  }

  private _decideNow(segment: Segment, evicted: boolean): void {
    if (this._segments.get(segment.traceId) !== segment) return;
    this._segments.delete(segment.traceId);
    this._stats.bufferedSpans -= segment.spans.length;
    const keep = this._decide(segment);
    this._decisions.set(segment.traceId, keep);
    if (evicted) this._stats.evicted++;
    if (keep) {
      this._stats.kept++;
      for (const span of segment.spans) this._next.onEnd(asSampled(span));
    } else {
      this._stats.dropped++;
    }
    segment.spans = [];
    segment.readyAt = undefined;
  }

  private _tick(): void {
    this._timer = undefined;
    const now = this._now();
    for (const segment of this._ready.due(now)) this._decideNow(segment, false);
    const oldestAllowed = now - this._settings.maxTraceAgeMs;
    for (const segment of this._segments.values()) {
      if (segment.createdAt > oldestAllowed) break;
      this._decideNow(segment, true);
    }
    this._startTimer();
  }

  private _startTimer(): void {
    if (this._timer !== undefined || this._segments.size === 0 || this._isShutdown) return;
    const interval = Math.min(Math.max(this._settings.graceMs / 4, 50), 1000);
    this._timer = setTimeout(() => this._tick(), interval);
    this._timer.unref();
  }

  private _stopTimer(): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
  }
}
