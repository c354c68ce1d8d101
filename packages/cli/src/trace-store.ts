import type { ReceivedSpan } from '@otelkit/testing';
import type { StoredTrace } from './internal-types';
import { matchesFilter } from './trace-filter';
import { summarize } from './trace-summary';
import type { TraceFilter, TraceSummary, ViewerStats } from './types';

const DEFAULT_LIMIT = 200;

/**
 * The viewer's memory: traces in the order they were first seen, at most `maxSpans` spans in all.
 * Going over evicts the oldest whole traces, since half a trace would show a misleading waterfall.
 */
export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  private spanCount = 0;
  private evictedTraces = 0;
  private evictedSpans = 0;
  private receivedSpans = 0;

  constructor(private readonly maxSpans: number) {}

  add(spans: readonly ReceivedSpan[]): void {
    for (const span of spans) {
      this.receivedSpans++;
      let trace = this.traces.get(span.traceId);
      if (trace === undefined) {
        trace = {
          traceId: span.traceId,
          spans: [],
          services: new Set(),
          errorCount: 0,
          startNs: span.startTimeUnixNano,
          endNs: span.endTimeUnixNano,
          version: 0,
        };
        this.traces.set(span.traceId, trace);
      }
      trace.spans.push(span);
      trace.version++;
      if (span.serviceName !== undefined) trace.services.add(span.serviceName);
      if (span.status.code === 2) trace.errorCount++;
      if (span.startTimeUnixNano < trace.startNs) trace.startNs = span.startTimeUnixNano;
      if (span.endTimeUnixNano > trace.endNs) trace.endNs = span.endTimeUnixNano;
      if (span.parentSpanId === undefined) trace.root = span;
      this.spanCount++;
    }
    this.evict();
  }

  get(traceId: string): StoredTrace | undefined {
    return this.traces.get(traceId.toLowerCase());
  }

  /** Matching traces, the most recently first seen first. */
  list(filter: TraceFilter = {}): TraceSummary[] {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const out: TraceSummary[] = [];
    const all = [...this.traces.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      if (matchesFilter(all[i], filter)) out.push(summarize(all[i]));
    }
    return out;
  }

  services(): string[] {
    const names = new Set<string>();
    for (const trace of this.traces.values()) for (const name of trace.services) names.add(name);
    return [...names].sort();
  }

  stats(): ViewerStats {
    return {
      traces: this.traces.size,
      spans: this.spanCount,
      maxSpans: this.maxSpans,
      evictedTraces: this.evictedTraces,
      evictedSpans: this.evictedSpans,
      receivedSpans: this.receivedSpans,
    };
  }

  private evict(): void {
    for (const [traceId, trace] of this.traces) {
      if (this.spanCount <= this.maxSpans) return;
      this.traces.delete(traceId);
      this.spanCount -= trace.spans.length;
      this.evictedTraces++;
      this.evictedSpans += trace.spans.length;
    }
  }
}
