import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { renderWaterfall } from '@otelkit/core';
import { describeResource } from './console-resource';
import { toConsoleSpan, type ConsoleSpan } from './console-span';
import { TraceBuffer, type PrintReason } from './console-trace-buffer';

export interface ConsoleWaterfallOptions {
  /** Where a trace's text goes, one call per trace. Default: `process.stdout.write`. */
  write?: (text: string) => void;
  /** Default: terminal width, else 120. */
  width?: number;
  /** Default: whether stdout is a terminal. */
  color?: boolean;
  /** Default: GRACE_MILLIS. */
  graceMillis?: number;
  /** Default: MAX_SPANS. */
  maxSpans?: number;
}

/** Children that end after their root (a fire-and-forget call) still join the trace if they end within this. */
export const GRACE_MILLIS = 500;
/**
 * Spans held while their traces are open: ~400 bytes each (heap after gc, 10,000 held, short names), so ~4 MB at most
 * whatever the traffic.
 */
export const MAX_SPANS = 10_000;
/** Resources described, keyed by service; past it the memory starts over (a resource may be printed again). */
const MAX_SERVICES = 256;

const NOTES: Record<PrintReason, string | undefined> = {
  complete: undefined,
  late: '(spans that ended after their trace was printed)',
  full: '(partial trace: printed before its root span ended, the console buffer was full)',
  flush: '(partial trace: its root span had not ended at flush or shutdown)',
};

/**
 * `OTEL_TRACES_EXPORTER=console`: each trace as one waterfall on stdout once its part in this process is over,
 * preceded the first time by the resource of each service in it (upstream's console exporter prints an object with
 * the whole resource per span). Never throws: a span it cannot print is skipped.
 */
export class ConsoleWaterfallExporter implements SpanExporter {
  private readonly buffer: TraceBuffer<ConsoleSpan>;
  private readonly described = new Set<string>();
  private readonly write: (text: string) => void;
  private stopped = false;
  // At process.exit() no timer fires again: traces still in their grace period print now.
  private readonly onExit = () => this.buffer.flush();

  constructor(private readonly options: ConsoleWaterfallOptions = {}) {
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.buffer = new TraceBuffer<ConsoleSpan>({
      graceMillis: options.graceMillis ?? GRACE_MILLIS,
      maxSpans: options.maxSpans ?? MAX_SPANS,
      maxPrinted: 1024,
      print: (spans, reason) => this.print(spans, reason),
    });
    process.once('exit', this.onExit);
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.stopped) return done({ code: ExportResultCode.FAILED });
    for (const span of spans) {
      try {
        this.buffer.add(toConsoleSpan(span));
      } catch {
        // A span the SDK handed over malformed (a custom processor's edit): skipped, the others still print.
      }
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  forceFlush(): Promise<void> {
    this.buffer.flush();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.buffer.flush();
    this.stopped = true;
    process.removeListener('exit', this.onExit);
    return Promise.resolve();
  }

  /**
   * The batch processor's synchronous send at `process.exit()` (@otelkit/export's ExitSendingExporter): without it
   * the spans still queued then would be counted as lost instead of printed.
   */
  sendAtExit(_requests: unknown[], spans: ReadableSpan[]): ExportResult {
    this.export(spans, () => undefined);
    this.buffer.flush();
    return { code: ExportResultCode.SUCCESS };
  }

  private print(spans: ConsoleSpan[], reason: PrintReason): void {
    try {
      const parts: string[] = [];
      for (const span of spans) {
        const service = span.serviceName ?? '';
        if (this.described.has(service)) continue;
        if (this.described.size >= MAX_SERVICES) this.described.clear();
        this.described.add(service);
        parts.push(describeResource(service, span.resource));
      }
      const note = NOTES[reason];
      if (note) parts.push(note);
      const width = this.options.width ?? (process.stdout.columns || undefined);
      const color = this.options.color ?? Boolean(process.stdout.isTTY);
      parts.push(renderWaterfall(spans, { width, color }));
      this.write(`${parts.join('\n')}\n\n`);
    } catch {
      // Printing is best effort (a closed stdout): the app goes on.
    }
  }
}
