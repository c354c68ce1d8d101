/** An environment record: `process.env`, or a table row in a test. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The `OTEL_LOG_LEVEL` names, quietest first. */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/**
 * The one diagnostic channel of the otelkit packages: prefixed lines on stderr, cut to a bounded length, with
 * every registered secret masked, and repeats of a key limited per interval with bounded memory. Never throws.
 */
export interface Diagnostics {
  /** Printed unless the level is `none`. */
  error(message: string): void;
  /** Printed at `warn` and above. */
  warn(message: string): void;
  /**
   * Like warn, but a repeat of the same key within the interval is counted instead of printed (the count is added to
   * the next line of that key). True when the line was printed. `message` may be a function, called only when the
   * line is printed: a caller on a hot path (a drop per span while the queue is full) then builds nothing for repeats.
   */
  warnOnce(key: string, message: string | (() => string)): boolean;
  /** True when the line was printed (the level shows info). */
  info(message: string): boolean;
  debug(message: string): void;
  /**
   * Values that must never be printed (header values, URL passwords, tokens): masked in every later line (6 characters
   * or more). `rotating`: values a provider renews (tokens), of which only the newest 32 are kept, so the set stays
   * bounded in a long-running process.
   */
  addSecrets(values: Iterable<string | undefined>, rotating?: boolean): void;
  /** The same sink, limits and secrets, writing lines with another package's prefix. */
  forPackage(prefix: string): Diagnostics;
}

/** The bounds and default of a numeric variable or option; `integer` for counts and milliseconds. */
export interface NumberSpec {
  min: number;
  max: number;
  fallback: number;
  integer?: boolean;
}

/**
 * The subset of `RegExp` that otelkit's pattern users call. A native RegExp is one; a pattern from configuration is
 * a linear-time one (see compilePattern) behind the same shape.
 */
export interface RegExpLike {
  readonly source: string;
  readonly flags: string;
  readonly global: boolean;
  readonly unicode: boolean;
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
  test(text: string): boolean;
}

/**
 * What the waterfall printer reads of a span: the fields of `@otelkit/testing`'s `ReceivedSpan` it needs, so decoded
 * OTLP spans and spans from the SDK (converted by `@otelkit/node`'s console exporter) print alike.
 */
export interface WaterfallSpan {
  /** Lowercase hex, 32 characters. */
  traceId: string;
  /** Lowercase hex, 16 characters. */
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId?: string;
  name: string;
  kindName: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  durationMs: number;
  /** OTLP status codes: 0 unset, 1 ok, 2 error. */
  status: { code: number };
  serviceName?: string;
}

/** A span with its children (sorted by start time); `missingParent` when its parent is not among the spans. */
export interface WaterfallNode<S extends WaterfallSpan = WaterfallSpan> {
  span: S;
  children: WaterfallNode<S>[];
  missingParent?: boolean;
}

export interface WaterfallOptions<S extends WaterfallSpan = WaterfallSpan> {
  /** Total line width in characters. Default: terminal width or 120. */
  width?: number;
  /** ANSI colors. Default: `process.stdout.isTTY`. */
  color?: boolean;
  /**
   * A short note shown at the end of a span's label; undefined or '' for none. The label is shortened before the
   * note is, so the note stays visible. Default: no notes.
   */
  mark?: (span: S) => string | undefined;
}
