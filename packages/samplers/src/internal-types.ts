import type { Attributes, Context, Link, SpanContext, SpanKind } from '@opentelemetry/api';

/** A rejection threshold in every form the hot path needs, computed once. */
export interface Threshold {
  readonly value: bigint;
  /** 14 lowercase hex digits, compared character-wise against trace ids and `rv` values. */
  readonly padded: string;
  /** The `th` value as written to (or read from) tracestate. */
  readonly encoded: string;
}

/** The parsed `ot` tracestate entry. */
export interface OtState {
  /** Every member except `th`, verbatim and in order (`rv` is never rewritten). */
  readonly members: readonly string[];
  /** A valid `th`, if any. */
  readonly threshold?: Threshold;
  /** A valid `rv`, if any. */
  readonly rv?: string;
  /** Whether a `th` member was present, valid or not (writers must replace or erase it). */
  readonly hasTh: boolean;
  /** Unparseable or over 256 characters: read as empty, never rewritten. */
  readonly malformed?: boolean;
}

export type ParentKind = 'none' | 'local' | 'remote';

/** Everything a composable sampler may look at, computed once per span by the composite sampler. */
export interface SamplingParams {
  readonly context: Context;
  readonly traceId: string;
  readonly spanName: string;
  readonly spanKind: SpanKind;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly parent: SpanContext | undefined;
  readonly parentKind: ParentKind;
  /** The parent span records (a recorded-but-unsampled parent keeps its children recorded for tail sampling). */
  readonly parentRecording: boolean;
  readonly ot: OtState;
}

/** A composable sampler's preference; the composite sampler makes the decision (`R >= T`). */
export interface SamplingIntent {
  /** Undefined: do not sample (non-probabilistic). */
  readonly threshold: Threshold | undefined;
  /** The threshold is a known probability and may be written as `th`. */
  readonly reliable: boolean;
  /** Not even recorded for tail sampling (explicit drop rules, children of non-recording spans). */
  readonly hardDrop?: boolean;
}

export interface ComposableSampler {
  intent(params: SamplingParams): SamplingIntent;
  toString(): string;
}

/** Milliseconds from a monotonic clock. */
export type Clock = () => number;
