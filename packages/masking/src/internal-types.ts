import type { SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';

/** Target bits (one per place a value can live). */
export const T_ATTRIBUTES = 1;
export const T_EVENTS = 2;
export const T_LINKS = 4;
export const T_NAME = 8;
export const T_STATUS = 16;
export const T_RESOURCE = 32;
export const T_ALL = 63;
/** Target names of the `in` option to their bits. */
export const TARGET_BITS: Readonly<Record<string, number>> = {
  attributes: T_ATTRIBUTES,
  events: T_EVENTS,
  links: T_LINKS,
  name: T_NAME,
  status: T_STATUS,
  resource: T_RESOURCE,
};

export type KeyMatcher = (key: string) => boolean;

export type AttrBag = Record<string, unknown>;

/** The parts of the SDK's SpanImpl that masking edits while the span is still writable (in onEnding). */
export interface MutableSpan {
  name: string;
  readonly kind: SpanKind;
  readonly attributes: AttrBag;
  readonly events: Array<{ attributes?: AttrBag }>;
  readonly links: Array<{ attributes?: AttrBag }>;
  status: SpanStatus;
  readonly resource?: { readonly attributes: AttrBag; readonly asyncAttributesPending?: boolean };
  readonly instrumentationScope?: { readonly name: string };
  spanContext(): SpanContext;
}

export interface CompiledCondition {
  test(span: MutableSpan): boolean;
}

/** Per-span mutable state shared by every compiled op of one engine (onEnding is synchronous, never re-entered). */
export interface MaskContext {
  count: number;
  readonly mask: string;
  readonly maxValueLength: number;
  /** True for text that is already a mask, so a later detector neither re-masks nor re-counts it. */
  isMask(text: string): boolean;
  report(label: string, err: unknown): void;
}

export const DELETE: unique symbol = Symbol('otelkit.masking.delete');
export type Masked = unknown;

/**
 * One compiled rule or detector. `key` ops act on the whole value of a matching key; `scan` ops act on the
 * matching parts of strings (and of big integers, see docs).
 */
export interface CompiledOp {
  readonly id: number;
  readonly label: string;
  readonly targets: number;
  readonly keys: KeyMatcher | undefined;
  readonly where: CompiledCondition | undefined;
  readonly mode: 'key' | 'scan';
  /** Skip values that are not strings (the key-name detectors leave counters such as `token_count` alone). */
  readonly stringsOnly: boolean;
  /** Stop further ops on this value once this one applied (redact/hash/delete by key). */
  readonly terminal: boolean;
  /** A key op that removes the attribute (arrays and objects are removed whole, not element by element). */
  readonly deletes: boolean;
  /** Feature bits (features.ts) a string must all have for this op to match; 0 = no requirement. */
  readonly needs: number;
  /** Cheap test with no allocation, run after `needs`; false means the op cannot match. */
  readonly prefilter: ((s: string) => boolean) | undefined;
  /** Returns the new string, or DELETE. Increments ctx.count once per masked value or part. */
  run(s: string): string | typeof DELETE;
  /** Whole-value result for a non-string scalar matched by key (redact/hash/delete); undefined = unchanged. */
  runOpaque(v: unknown): unknown;
}

/** A compiled transform, run on the span before masking. */
export interface CompiledTransform {
  readonly label: string;
  readonly where: CompiledCondition | undefined;
  apply(span: MutableSpan): void;
}

/**
 * A built-in value detector. With `partial`, group 1 and group 3 are kept and only group 2 is masked
 * (`token=` stays, its value goes); otherwise the whole match is masked.
 */
export interface ValueDetector {
  readonly kind: 'value';
  readonly regex: RegExp;
  readonly partial: boolean;
  /** Feature bits (features.ts) a value must all have before the regex runs. */
  readonly needs: number;
  readonly prefilter?: (s: string) => boolean;
  /** Second check on the masked part (Luhn); false keeps it. */
  readonly validate?: (secret: string) => boolean;
  /** Fixed mask for this detector (URL parts use the OpenTelemetry `REDACTED` convention). */
  readonly mask?: (secret: string) => string;
}

/** A built-in key detector: the whole value of a matching key is redacted. */
export interface KeyDetector {
  readonly kind: 'key';
  readonly keys: KeyMatcher;
  readonly stringsOnly: boolean;
}

/**
 * A span-wide detector: string values under `keys` are remembered for the span, and masked wherever else they
 * appear on it (other attributes, events, links, the name, the status message).
 */
export interface ReuseDetector {
  readonly kind: 'reuse';
  readonly keys: KeyMatcher;
}

export type Detector = ValueDetector | KeyDetector | ReuseDetector;
