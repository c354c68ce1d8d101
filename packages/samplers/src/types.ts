import type { Sampler, SpanProcessor, ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * How a rule or tail condition matches one value. A string without `*`/`?` is exact; with them it is a glob in
 * otelkit's one dialect (`*` = any run except `/`, `**` = any run including `/`, `?` = one character except `/`).
 * A RegExp or `{ regex }` is tested against the value's string form on a linear-time engine: a pattern that needs
 * backreferences or lookaround is refused (a TypeError from code; from OTELKIT_SAMPLER_ARG one line, and the rule
 * is skipped). `{ equals }` compares exactly (numbers stay numbers), `{ exists }` checks presence.
 */
export type ValueMatcher =
  | string
  | number
  | boolean
  | RegExp
  | { regex: string }
  | { equals: string | number | boolean }
  | { exists: boolean };

/** Where a span's parent lives: no parent (a root), in this process, or in another process (extracted). */
export type ParentCondition = 'none' | 'local' | 'remote';

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** What a rule (or the default) does with the spans it matches. */
export interface RuleAction {
  /** Consistent probability in [0, 1] (`th` written on kept spans). 0 means "not sampled" but still recordable. */
  ratio?: number;
  /** Drop outright: not sampled and not even recorded for tail sampling (health checks, static assets). */
  drop?: boolean;
  /** At most this many traces per second per process (after `ratio`), consistently and with a hard cap. */
  limit?: number;
  /** Traces that may be kept at once above `limit` (default: `limit`). */
  burst?: number;
}

/**
 * One head-sampling rule. Every given condition must match; rules are tried in order and the first match
 * decides. A rule applies to root spans only unless `parent` says otherwise: spans with a parent follow it.
 */
export interface SamplingRule extends RuleAction {
  /** Shown in descriptions and diagnostics. */
  name?: string;
  /** Matches the span name. */
  spanName?: ValueMatcher;
  /** Matches the span kind. */
  kind?: SpanKindName | SpanKindName[];
  /** Matches `http.route`, else `url.path`, else `http.target` without its query string. */
  route?: ValueMatcher;
  /** Matches `http.request.method` (or legacy `http.method`), case-insensitively. */
  method?: string | string[];
  /** Every listed attribute (as known at span start) must match. */
  attributes?: Record<string, ValueMatcher>;
  /** Which parents the rule applies to; default `'none'` (root spans only). */
  parent?: ParentCondition | ParentCondition[];
}

/** Rules-based head sampling: ordered rules, first match wins, then the default for roots. */
export interface RuleSamplerConfig {
  /** Ordered rules. */
  rules?: SamplingRule[];
  /** Decision for roots no rule matched: a ratio or an action. Default 1 (keep). */
  default?: number | RuleAction;
  /** Hex digits of precision for `th` values (1-14). Default 4, as the spec recommends. */
  precision?: number;
  /** Record unsampled spans (sampled flag off) so an in-process tail sampler can still keep them. */
  recordUnsampled?: boolean;
}

/** The spans of one trace in this process, handed to tail conditions when the decision is made. */
export interface TraceSegment {
  readonly traceId: string;
  /** Ended spans, in end order. */
  readonly spans: readonly ReadableSpan[];
  /** Any span has status ERROR or an `exception` event. */
  readonly hasError: boolean;
  /** Longest local-root duration in milliseconds (0 while no root ended). */
  readonly durationMs: number;
  /** Any span was sampled by the head sampler. */
  readonly headSampled: boolean;
}

/** A tail condition over a trace segment. */
export type TailCondition =
  | { type: 'error' }
  | { type: 'latency'; minMs: number }
  | { type: 'attribute'; key: string; value?: ValueMatcher }
  | { type: 'head-sampled' }
  | { type: 'ratio'; ratio: number }
  | { type: 'and'; conditions: TailCondition[] }
  | { type: 'or'; conditions: TailCondition[] }
  | { type: 'not'; condition: TailCondition }
  | { type: 'predicate'; test: (segment: TraceSegment) => boolean };

/** One tail policy: policies are tried in order and the first whose condition matches decides. */
export interface TailPolicy {
  /** Shown in descriptions and stats. */
  name?: string;
  when: TailCondition;
  /** Default `'keep'`. */
  decision?: 'keep' | 'drop';
  /** Keep at most this many traces per second through this policy; beyond it the next policies are tried. */
  limit?: number;
  /** Burst above `limit` (default: `limit`). */
  burst?: number;
}

/** In-process tail sampling: one decision per local trace segment, made when its local root ends. */
export interface TailSamplingConfig {
  /** Ordered policies. */
  policies: TailPolicy[];
  /** Decision when no policy matches. Default `'drop'`. */
  otherwise?: 'keep' | 'drop';
  /** Wait after the last local root ends, for straggling children. Default 1000 ms; 0 decides at once. */
  graceMs?: number;
  /** Traces buffered at once; the oldest is decided early beyond it. Default 10,000. */
  maxTraces?: number;
  /** Ended spans buffered at once; the oldest trace is decided early beyond it. Default 20,000. */
  maxSpans?: number;
  /** Decisions remembered for late spans. Default 20,000. */
  maxDecisions?: number;
  /** A trace whose root never ends is decided after this long. Default 60,000 ms. */
  maxTraceAgeMs?: number;
}

/** Counters of a tail sampling processor. */
export interface TailSamplingStats {
  kept: number;
  dropped: number;
  /** Traces decided early because a memory bound or the age limit was reached (also counted in kept/dropped). */
  evicted: number;
  /** Spans that ended after their trace's decision and followed it. */
  lateSpans: number;
  bufferedTraces: number;
  bufferedSpans: number;
}

/** Built-in presets. */
export type PresetName = 'dev' | 'balanced' | 'cost-saver' | 'errors-and-slow' | 'ratio' | 'rules';

/** Tunables of the presets (each preset documents which it reads). */
export interface PresetOptions {
  preset: Exclude<PresetName, 'rules'>;
  /** Head probability (balanced 0.1, cost-saver 0.01, ratio 1). */
  ratio?: number;
  /** Traces at least this slow are kept by tail sampling (balanced, errors-and-slow). Default 1000 ms. */
  slowMs?: number;
  /** Head cap in traces per second (cost-saver; default 10). */
  limit?: number;
  /** Cap on error traces kept by tail sampling per second (cost-saver; default 5). */
  errorLimit?: number;
}

/** A full custom configuration: head rules plus optional tail sampling. */
export interface SamplingConfig extends Omit<RuleSamplerConfig, 'recordUnsampled'> {
  tail?: TailSamplingConfig;
}

/** What `start({ sampling })` accepts: a preset name, a preset with options, or a custom configuration. */
export type SamplingOption = PresetName | PresetOptions | SamplingConfig;

/** A ready sampling setup: the head sampler and the wrapper placed in front of the export processor. */
export interface SamplingSetup {
  sampler: Sampler;
  /** Sets the random trace flag and, with tail sampling, decides which spans reach `next`. */
  wrapProcessor: (next: SpanProcessor) => SpanProcessor;
  /** Short description for the startup line. */
  description: string;
}

/** The sampling facts of a span's `ot` tracestate entry (see `readSamplingInfo`). */
export interface SamplingInfo {
  /** Rejection threshold from a valid `th`. */
  threshold?: bigint;
  /** Explicit randomness from a valid `rv` (14 hex digits). */
  randomness?: string;
  /** Probability the span was sampled with, when `th` is known. */
  probability?: number;
  /** Spans this one represents (1 / probability), when `th` is known; undefined means non-probabilistic. */
  adjustedCount?: number;
}
