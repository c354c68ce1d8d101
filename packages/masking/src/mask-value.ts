import { DELETE } from './internal-types';
import type { CompiledOp, MaskContext } from './internal-types';
import { scanFeatures } from './features';
import type { OpList } from './op-list';
import { capLength } from './string-limits';

/** Structured values nest at most this deep; deeper content is masked whole (fail closed). */
const MAX_DEPTH = 4;
/** Integers this large may be card or phone numbers, so value detectors see them as text. */
const SCAN_INTEGERS_FROM = 1e9;

/**
 * Masks one value with the ops that apply to its key. Returns the same value when nothing applies
 * (no allocation on that path), a new value, or DELETE.
 */
export class ValueMasker {
  /** Per-span activation of ops that have a `where`, by op id. */
  readonly active: Uint8Array;
  /** Ops that threw so far: a result they touched is not remembered (value-memo.ts). */
  failures = 0;

  constructor(
    private readonly ctx: MaskContext,
    opCount: number,
  ) {
    this.active = new Uint8Array(opCount);
  }

  private applies(op: CompiledOp, target: number): boolean {
    return (op.targets & target) !== 0 && (op.where === undefined || this.active[op.id] === 1);
  }

  private failed(op: CompiledOp, err: unknown): string {
    this.failures++;
    this.ctx.report(op.label, err);
    this.ctx.count++;
    return this.ctx.mask;
  }

  mask(value: unknown, list: OpList, target: number, depth = 0): unknown {
    if (typeof value === 'string') return this.maskString(value, list, target);
    if (value === null || value === undefined) return value;
    if (typeof value !== 'object') return this.maskScalar(value, list, target);
    for (const op of list.ops) {
      if (op.deletes && this.applies(op, target)) return op.runOpaque(value);
    }
    if (depth >= MAX_DEPTH) {
      this.ctx.count++;
      return this.ctx.mask;
    }
    if (Array.isArray(value)) return this.maskArray(value, list, target, depth);
    if (ArrayBuffer.isView(value)) return this.maskScalar(value, list, target);
    return this.maskObject(value as Record<string, unknown>, list, target, depth);
  }

  maskString(value: string, list: OpList, target: number): string | typeof DELETE {
    let out =
      value.length > this.ctx.maxValueLength ? capLength(value, this.ctx.maxValueLength) : value;
    // Features are found once per value (and again only after an op changed it).
    let features = -1;
    if (list.needs >= 0) {
      // Every op needs some feature: a value with none of them (most values) is done after one scan.
      features = scanFeatures(out);
      if ((features & list.needs) === 0) return out;
    }
    const ops = list.ops;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (!this.applies(op, target)) continue;
      if (op.needs !== 0) {
        if (features < 0) features = scanFeatures(out);
        if ((features & op.needs) !== op.needs) continue;
      }
      if (op.prefilter !== undefined && !op.prefilter(out)) continue;
      let next: string | typeof DELETE;
      try {
        next = op.run(out);
      } catch (err) {
        return this.failed(op, err);
      }
      if (next === DELETE) return DELETE;
      if (op.terminal) return next;
      if (next !== out) features = -1;
      out = next;
    }
    return out;
  }

  /** Numbers, booleans, bigints and bytes: key ops act on the whole value; big integers are also scanned as text. */
  private maskScalar(value: unknown, list: OpList, target: number): unknown {
    if (!list.scalars && (typeof value !== 'number' || !(Math.abs(value) >= SCAN_INTEGERS_FROM)))
      return value;
    for (const op of list.ops) {
      if (!this.applies(op, target)) continue;
      try {
        if (op.mode === 'key') {
          if (op.stringsOnly) continue;
          const out = op.runOpaque(value);
          if (out !== undefined && op.terminal) return out;
          continue;
        }
        if (
          typeof value !== 'number' ||
          !Number.isSafeInteger(value) ||
          Math.abs(value) < SCAN_INTEGERS_FROM
        )
          continue;
        const text = String(value);
        if ((scanFeatures(text) & op.needs) !== op.needs) continue;
        if (op.prefilter !== undefined && !op.prefilter(text)) continue;
        const out = op.run(text);
        // A masked number becomes the masked text: no number can stand for "[REDACTED]".
        if (out !== text) return out;
      } catch (err) {
        return this.failed(op, err);
      }
    }
    return value;
  }

  private maskArray(value: unknown[], list: OpList, target: number, depth: number): unknown {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const out = this.mask(item, list, target, depth + 1);
      if (out !== item && copy === undefined) copy = value.slice(0, i);
      if (copy !== undefined && out !== DELETE) copy.push(out);
    }
    if (copy === undefined) return value;
    // Keep arrays homogeneous (the SDK and OTLP expect that): once an element became text, all elements are text.
    const mixed =
      copy.some((e) => typeof e === 'string') &&
      copy.some((e) => e !== null && typeof e !== 'string');
    return mixed
      ? copy.map((e) =>
          e === null || e === undefined ? e : typeof e === 'string' ? e : JSON.stringify(e),
        )
      : copy;
  }

  private maskObject(
    value: Record<string, unknown>,
    list: OpList,
    target: number,
    depth: number,
  ): unknown {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = value[key];
      const out = this.mask(item, list, target, depth + 1);
      if (out === item) continue;
      copy ??= { ...value };
      if (out === DELETE) delete copy[key];
      else copy[key] = out;
    }
    return copy ?? value;
  }
}
