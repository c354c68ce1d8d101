/** Why a trace is printed: its local root ended (`complete`), or it is printed without one. */
export type PrintReason = 'complete' | 'late' | 'full' | 'flush';

export interface TraceBufferOptions<S> {
  /** How long after a trace's local root ended its late children may still join it. */
  graceMillis: number;
  /** Spans held at most; past it the oldest trace is printed as it is. */
  maxSpans: number;
  /** Trace ids remembered after printing, so spans ending later print as that trace's late spans. */
  maxPrinted: number;
  print(spans: S[], reason: PrintReason): void;
}

interface Held<S> {
  spans: S[];
  timer?: NodeJS.Timeout;
  /** The local root has ended: printed as `complete`, whatever triggers it. */
  rooted: boolean;
}

/**
 * Holds the spans of each trace until the trace's part in this process is over: its local root ended and a short
 * grace passed. Memory is bounded by `maxSpans` (and `maxPrinted` ids), never by the traffic.
 */
export class TraceBuffer<S extends { traceId: string; localRoot: boolean }> {
  private readonly traces = new Map<string, Held<S>>();
  private readonly printed = new Set<string>();
  private held = 0;

  constructor(private readonly options: TraceBufferOptions<S>) {}

  get size(): number {
    return this.held;
  }

  add(span: S): void {
    const { traceId } = span;
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = { spans: [], rooted: false };
      this.traces.set(traceId, trace);
    }
    trace.spans.push(span);
    this.held++;
    if (span.localRoot) trace.rooted = true;
    if (trace.timer === undefined && (trace.rooted || this.printed.has(traceId))) {
      // unref: a trace waiting to be printed must not keep the app alive; shutdown prints what is left.
      trace.timer = setTimeout(() => this.emit(traceId, undefined), this.options.graceMillis);
      trace.timer.unref();
    }
    while (this.held > this.options.maxSpans) {
      const oldest = this.traces.keys().next().value as string;
      this.emit(oldest, 'full');
    }
  }

  /** Prints every trace held, oldest first (shutdown, forceFlush). */
  flush(): void {
    for (const traceId of [...this.traces.keys()]) this.emit(traceId, 'flush');
  }

  private emit(traceId: string, cause: 'full' | 'flush' | undefined): void {
    const trace = this.traces.get(traceId);
    if (trace === undefined) return;
    this.traces.delete(traceId);
    clearTimeout(trace.timer);
    this.held -= trace.spans.length;
    const late = this.printed.has(traceId);
    this.remember(traceId);
    const reason: PrintReason = trace.rooted ? 'complete' : late ? 'late' : (cause ?? 'flush');
    this.options.print(trace.spans, reason);
  }

  private remember(traceId: string): void {
    this.printed.delete(traceId);
    this.printed.add(traceId);
    if (this.printed.size > this.options.maxPrinted)
      this.printed.delete(this.printed.values().next().value as string);
  }
}
