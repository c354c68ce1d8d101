import type { CompiledOp } from './internal-types';

/** The ops that apply to one key (or to the span name, or the status message), with what is known about them up front. */
export interface OpList {
  /** In order. */
  readonly ops: readonly CompiledOp[];
  /**
   * Every feature bit some op needs (features.ts), or -1 when an op needs none. A string whose features share no
   * bit with it cannot be matched by any op, so it is skipped after one scan.
   */
  readonly needs: number;
  /** Some op acts on the whole value of a number or boolean (a key rule); otherwise only big integers are looked at. */
  readonly scalars: boolean;
}

export function opList(ops: readonly CompiledOp[]): OpList {
  let needs = 0;
  let scalars = false;
  for (const op of ops) {
    needs = needs < 0 || op.needs === 0 ? -1 : needs | op.needs;
    if (op.mode === 'key' && !op.stringsOnly) scalars = true;
  }
  return { ops, needs, scalars };
}
