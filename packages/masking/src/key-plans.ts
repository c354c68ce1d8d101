import type { CompiledOp, KeyMatcher } from './internal-types';
import type { OpList } from './op-list';
import { opList } from './op-list';

export interface KeyPlan extends OpList {
  /** False in allow-list mode for keys off the list: the span attribute is deleted. */
  readonly allowed: boolean;
}

const IGNORED: KeyPlan = { allowed: true, ...opList([]) };
/** Attribute keys are low-cardinality in practice; past this many, plans are computed without caching. */
const MAX_CACHED_KEYS = 4096;

/** Which ops apply to an attribute key, worked out once per key and cached. */
export class KeyPlans {
  private readonly cache = new Map<string, KeyPlan>();

  constructor(
    private readonly ops: readonly CompiledOp[],
    private readonly allow: KeyMatcher | undefined,
    private readonly ignore: KeyMatcher | undefined,
  ) {}

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
    return { allowed: this.allow === undefined || this.allow(key), ...opList(ops) };
  }
}
