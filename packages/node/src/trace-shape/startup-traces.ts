import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Ended start-up spans held at most; one more and the process is treated as a job. 2048 is the default of
 * OTEL_BSP_MAX_QUEUE_SIZE, the least the batch processor's queue takes by default (SDK spans, or encoded ones): a full
 * hold handed over at once fits it, so the hand-over itself drops nothing. A held span is a ReadableSpan already cut
 * by the span limits, so the hold costs what a full default batch queue of SDK spans costs, and no more.
 */
export const MAX_HELD_SPANS = 2048;
/** Start-up traces remembered at once; past it the oldest is forgotten, and its spans are exported. */
export const MAX_STARTUP_TRACES = MAX_HELD_SPANS;
/**
 * How long after serving begins spans of a start-up trace are still recognised: a root started during start-up may
 * end (and have children end) a little later. Past it the set is gone and `onEnd` checks nothing.
 */
export const STARTUP_GRACE_MS = 60_000;

/**
 * The traces whose root an instrumentation started during start-up, and their spans that ended while the process
 * had not yet shown what it is. Recognised by trace id, decided when the root starts, so a trace is never split:
 * - held (in end order) until serving begins, the process ends, the hold is full or the window passes;
 * - serving began: the held spans are dropped and counted, and so are spans of those traces that end later;
 * - a job: the held spans are handed over, and from then on nothing is recognised.
 * Children carry no mark of their own and nothing is allocated for them but their place in the hold.
 */
export class StartupTraces {
  /** Undefined once nothing needs recognising: the one check `onEnd` pays for in steady state. */
  ids: Set<string> | undefined = new Set();
  /** Ended spans of start-up traces, in end order; undefined once decided. */
  held: ReadableSpan[] | undefined = [];
  rootsDropped = 0;
  spansDropped = 0;

  /** Remembers a start-up root's trace. */
  add(traceId: string): void {
    const ids = this.ids;
    if (ids === undefined) return;
    if (ids.size >= MAX_STARTUP_TRACES) ids.delete(ids.values().next().value!);
    ids.add(traceId);
  }

  /** Holds an ended span of a start-up trace (only while undecided); true when the hold is now full. */
  hold(span: ReadableSpan): boolean {
    const held = this.held!;
    held.push(span);
    return held.length >= MAX_HELD_SPANS;
  }

  /** Counts a span of a start-up trace that is not exported. */
  drop(span: ReadableSpan): void {
    this.spansDropped++;
    if (span.parentSpanContext === undefined) this.rootsDropped++;
  }

  /**
   * Serving began: the held spans of start-up traces are dropped and counted; those of traces that reached a server
   * meanwhile (no longer in `ids`) are returned, in end order, to be exported. Start-up traces stay recognised.
   */
  dropHeld(): ReadableSpan[] {
    const held = this.held ?? [];
    this.held = undefined;
    const kept: ReadableSpan[] = [];
    for (const span of held) {
      if (this.ids?.has(span.spanContext().traceId)) this.drop(span);
      else kept.push(span);
    }
    return kept;
  }

  /** The process is a job: returns the held spans, in end order, and forgets everything (no more holding). */
  release(): ReadableSpan[] {
    const held = this.held ?? [];
    this.held = undefined;
    this.ids = undefined;
    return held;
  }

  /** Forgets every start-up trace: spans of those still open from now on are exported. */
  close(): void {
    this.ids = undefined;
  }
}
