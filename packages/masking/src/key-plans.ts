import type { CompiledOp, KeyMatcher } from './internal-types';
import type { OpList } from './op-list';
import { opList } from './op-list';
import { ValueMemo } from './value-memo';

export interface KeyPlan extends OpList {
  /** False in allow-list mode for keys off the list: the span attribute is deleted. */
  readonly allowed: boolean;
  /** The value is a secret to look for in the span's other values (detector secret-reuse). */
  readonly secret: boolean;
  /** Known secrets are masked in the value: false for secret keys (their own ops decide) and ignored keys. */
  readonly reuse: boolean;
  /** The last span-attribute string masked under this key, when its ops depend on the value alone. */
  readonly memo: ValueMemo | undefined;
}

const IGNORED: KeyPlan = {
  allowed: true,
  secret: false,
  reuse: false,
  memo: undefined,
  ...opList([]),
};
/** Attribute keys are low-cardinality in practice; past this many, plans are computed without caching. */
const MAX_CACHED_KEYS = 4096;
/** Positions remembered by `at()`: spans of one kind carry the same keys in the same order. */
const POSITIONS = 64;
/** SpanKind values are 0 (INTERNAL) to 4 (CONSUMER). */
export const SPAN_KINDS = 5;

/** Which ops apply to an attribute key, worked out once per key and cached. */
export class KeyPlans {
  private readonly cache = new Map<string, KeyPlan>();
  private readonly keyAt: string[] = new Array<string>(POSITIONS * SPAN_KINDS).fill('');
  private readonly planAt: KeyPlan[] = new Array<KeyPlan>(POSITIONS * SPAN_KINDS).fill(IGNORED);

  constructor(
    private readonly ops: readonly CompiledOp[],
    private readonly allow: KeyMatcher | undefined,
    private readonly ignore: KeyMatcher | undefined,
    private readonly secretKeys: KeyMatcher | undefined,
  ) {}

  /**
   * The plan of the key at `position` in a span's attributes. Comparing with the key seen there last time is one
   * pointer comparison (attribute keys are interned strings), cheaper than hashing into the map. One row of positions
   * per span kind (`kind`, 0 to SPAN_KINDS - 1): a request's SERVER span and its INTERNAL spans end in turn and
   * carry different keys, so with one row every lookup missed (masking the HTTP bench server's two spans: ~0.55 µs a
   * request against ~0.80 with one row, name memos shared too; test/bench/span-pipeline.bench.js, 7 runs each).
   */
  at(key: string, kind: number, position: number): KeyPlan {
    if (position >= POSITIONS) return this.get(key);
    const slot = kind * POSITIONS + position;
    if (this.keyAt[slot] === key) return this.planAt[slot];
    const plan = this.get(key);
    this.keyAt[slot] = key;
    this.planAt[slot] = plan;
    return plan;
  }

  get(key: string): KeyPlan {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const plan = this.compute(key);
    if (this.cache.size < MAX_CACHED_KEYS) this.cache.set(key, plan);
    return plan;
  }

  private compute(key: string): KeyPlan {
    if (this.ignore?.(key)) return IGNORED;
    const ops = this.ops.filter((op) =>
      op.keys === undefined ? op.mode === 'scan' : op.keys(key),
    );
    const secret = this.secretKeys?.(key) ?? false;
    return {
      allowed: this.allow === undefined || this.allow(key),
      secret,
      reuse: !secret,
      memo:
        ops.length > 0 && ops.every((op) => op.where === undefined) ? new ValueMemo() : undefined,
      ...opList(ops),
    };
  }
}
