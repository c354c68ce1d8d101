import { SpanKind, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Diagnostics } from '@otelkit/core';
import type { ServingPhase } from '../lifecycle/serving-phase';
import type { StartupSpanStats } from '../types';
import type { ContextLoss } from './context-loss';
import { isInstrumentationScope, runsInsideRequests } from './span-origin';
import { MAX_HELD_SPANS, STARTUP_GRACE_MS, StartupTraces } from './startup-traces';

// Read once: each `SpanKind.X` in the compiled CommonJS is a getter call on the API's exports.
const { SERVER, CONSUMER } = SpanKind;

/** The switch named in the lines. */
export const EXPORT_STARTUP_ENV = 'OTELKIT_EXPORT_STARTUP_SPANS';

/** How start-up traces are treated. */
export interface StartupSettings {
  /** Export them as they end, like any trace (`OTELKIT_EXPORT_STARTUP_SPANS=true`). */
  exportStartup: boolean;
  /** How long from start a process may take to serve before it is treated as a job (`OTELKIT_STARTUP_WINDOW`). */
  windowMillis: number;
}

/**
 * Sits in front of the export path (the batch processor, or the sampling wrapper around it) and looks at where each
 * trace comes from:
 * - quiet start-up: a trace whose root an instrumentation started before the process served anything (schema sync,
 *   migrations, warm-up queries) is held until the process shows what it is. A server (its first SERVER or CONSUMER
 *   span) drops them whole and counts them; a job (the process ends, flushes, fills the hold or passes the window
 *   without serving) exports them, in the order they ended. `exportStartup` exports them at once;
 * - context loss: after start-up, a parentless span of an instrumentation that runs inside requests is counted.
 *
 * Steady state (serving, no loss, start-up traces forgotten; or a job, decided) costs three loads and compares per
 * start and one per end, and allocates nothing: a few ns per span over calling the export processor directly, within
 * the noise of a real span's start and end (test/bench/trace-shape.bench.js).
 */
export class TraceShapeProcessor implements SpanProcessor {
  private readonly startup = new StartupTraces();
  private window: NodeJS.Timeout | undefined;
  onEnding?: (span: Span) => void;

  constructor(
    private readonly next: SpanProcessor,
    private readonly phase: ServingPhase,
    private readonly loss: ContextLoss,
    private readonly diag: Diagnostics,
    settings: StartupSettings,
  ) {
    // Only when the next one has it: the SDK calls onEnding on every span of every processor that defines it.
    if (next.onEnding) this.onEnding = (span) => next.onEnding!(span);
    if (settings.exportStartup || settings.windowMillis === 0) this.startup.release();
    else {
      const millis = settings.windowMillis;
      this.window = setTimeout(() => this.treatAsJob(`within ${millis} ms of start`), millis);
      this.window.unref();
    }
    phase.onBegin(() => this.servingBegan());
  }

  onStart(span: Span, parentContext: Context): void {
    if (!this.phase.serving) this.whileStarting(span);
    else {
      if (span.parentSpanContext === undefined && runsInsideRequests(span))
        this.loss.count(span.instrumentationScope.name, span.name);
      if (this.startup.ids !== undefined) this.served(span);
    }
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const startup = this.startup;
    if (startup.ids !== undefined && startup.ids.has(span.spanContext().traceId)) {
      if (startup.held === undefined) startup.drop(span);
      else if (startup.hold(span))
        this.treatAsJob(`before ${MAX_HELD_SPANS} start-up spans were held`);
      return;
    }
    this.next.onEnd(span);
  }

  /** An explicit flush wants every ended span exported: a process that flushes before serving is a job. */
  forceFlush(): Promise<void> {
    this.treatAsJob('before a flush');
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    this.loss.stop();
    this.treatAsJob('before shutdown');
    return this.next.shutdown();
  }

  /**
   * The process is a job (a script, a CLI, a cron job, a worker whose consumer is not traced): the held start-up
   * spans go to the export path in the order they ended, and nothing is held from now on. Does nothing once decided.
   * The exit hooks call it before the batch processor's synchronous flush at `exit`, which bypasses `shutdown`.
   */
  treatAsJob(when: string): void {
    if (this.startup.held === undefined) return;
    clearTimeout(this.window);
    const held = this.startup.release();
    this.diag.debug(
      `no request served or message consumed ${when}: treated as a job, ${held.length} start-up spans exported`,
    );
    for (const span of held) this.next.onEnd(span);
  }

  stats(): StartupSpanStats {
    const { rootsDropped, spansDropped, held } = this.startup;
    return {
      serving: this.phase.serving,
      rootTracesNotExported: rootsDropped,
      spansNotExported: spansDropped,
      spansHeld: held?.length ?? 0,
    };
  }

  private whileStarting(span: Span): void {
    if (span.kind === SERVER || span.kind === CONSUMER) {
      this.served(span);
      this.phase.begin();
    } else if (
      span.parentSpanContext === undefined &&
      this.startup.ids !== undefined &&
      isInstrumentationScope(span.instrumentationScope.name)
    )
      this.startup.add(span.spanContext().traceId);
  }

  /**
   * A start-up trace that reaches a server (the app calling itself, or a service in the same process) is a request,
   * not noise: it is exported, like every trace whose root starts after start-up.
   */
  private served(span: Span): void {
    if (span.kind === SERVER || span.kind === CONSUMER)
      this.startup.ids?.delete(span.spanContext().traceId);
  }

  private servingBegan(): void {
    // Decided already: a job (or the switch) exports everything, even if the process serves later.
    if (this.startup.held === undefined) return;
    clearTimeout(this.window);
    for (const span of this.startup.dropHeld()) this.next.onEnd(span);
    const { rootsDropped } = this.startup;
    if (rootsDropped > 0) {
      this.diag.info(
        `${rootsDropped} start-up root traces not exported (schema sync, migrations, warm-up queries before the first ` +
          `request); ${EXPORT_STARTUP_ENV}=true exports them`,
      );
    }
    // Nothing to recognise: close now, so onEnd stops checking at once.
    if (this.startup.ids!.size === 0) this.startup.close();
    else setTimeout(() => this.startup.close(), STARTUP_GRACE_MS).unref();
  }
}
