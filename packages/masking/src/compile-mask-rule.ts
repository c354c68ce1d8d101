import type { CompiledCondition, CompiledOp, MaskContext } from './internal-types';
import { T_ALL, TARGET_BITS } from './internal-types';
import { compileCondition } from './compile-condition';
import { detectorByName } from './detectors/registry';
import { hmacHex } from './hmac';
import type { OpBase, Produce } from './make-ops';
import { keyOp, scanOp, wholeIfMatchOp } from './make-ops';
import { compileKeyMatcher, compileValueRegex } from './patterns';
import { compileTemplate } from './replacement-template';
import type { MaskAction, MaskRule, MaskTarget } from './types';

const ACTIONS: readonly MaskAction[] = [
  'redact',
  'hash',
  'truncate',
  'delete',
  'replace',
  'drop-span',
];

export interface RuleCompileContext {
  readonly ctx: MaskContext;
  readonly mask: string;
  readonly hashKey: string | undefined;
}

function fail(label: string, message: string): never {
  throw new Error(`@otelkit/masking: ${label}: ${message}`);
}

function compileTargets(list: MaskTarget[] | undefined, label: string): number {
  if (list === undefined) return T_ALL;
  if (!Array.isArray(list) || list.length === 0) fail(label, 'in must be a non-empty array');
  let bits = 0;
  for (const t of list)
    bits |=
      TARGET_BITS[t] ??
      fail(label, `in: ${JSON.stringify(t)} is not one of ${Object.keys(TARGET_BITS).join(', ')}`);
  return bits;
}

function positiveInt(n: unknown, label: string, field: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)
    fail(label, `${field} must be a positive integer, got ${JSON.stringify(n)}`);
  return n;
}

/** A drop-span rule compiles to its condition; every other rule to one op. */
export type CompiledMaskRule = { drop: CompiledCondition } | { op: CompiledOp };

export function compileMaskRule(
  rule: MaskRule,
  id: number,
  label: string,
  c: RuleCompileContext,
): CompiledMaskRule {
  if (typeof rule !== 'object' || rule === null) fail(label, 'a rule must be an object');
  const { action } = rule;
  if (!ACTIONS.includes(action))
    fail(label, `action ${JSON.stringify(action)} is not one of ${ACTIONS.join(', ')}`);
  const where = compileCondition(rule.where, label);
  if (action === 'drop-span') {
    if (where === undefined) fail(label, 'drop-span needs a where condition');
    if (rule.keys !== undefined || rule.value !== undefined || rule.detector !== undefined)
      fail(label, 'drop-span takes only where');
    return { drop: where };
  }
  const detector =
    rule.detector === undefined
      ? undefined
      : (detectorByName(rule.detector) ??
        fail(label, `unknown detector ${JSON.stringify(rule.detector)}`));
  if (rule.value !== undefined && detector !== undefined)
    fail(label, 'give value or detector, not both');
  let keys = rule.keys === undefined ? undefined : compileKeyMatcher(rule.keys, `${label}: keys`);
  if (detector?.kind === 'key') {
    if (keys !== undefined)
      fail(label, `detector ${rule.detector} already selects keys; drop keys`);
    keys = detector.keys;
  }
  const valueDetector = detector?.kind === 'value' ? detector : undefined;
  const regex =
    rule.value !== undefined
      ? compileValueRegex(rule.value, `${label}: value`)
      : valueDetector?.regex;
  if (keys === undefined && regex === undefined) fail(label, 'needs keys, value or detector');
  if (rule.mask !== undefined && typeof rule.mask !== 'string')
    fail(label, 'mask must be a string');
  if (action === 'hash' && !c.hashKey)
    fail(
      label,
      'hashes values but no hashKey is set (option hashKey or env OTELKIT_MASKING_HASH_KEY)',
    );
  const maxBytes = action === 'truncate' ? positiveInt(rule.maxBytes, label, 'maxBytes') : 0;
  const base: OpBase = { id, label, targets: compileTargets(rule.in, label), keys, where };
  const mask = rule.mask ?? c.mask;

  if (regex === undefined) {
    if (action === 'replace') fail(label, 'replace needs a value pattern');
    const stringsOnly = detector?.kind === 'key' && detector.stringsOnly;
    return { op: keyOp(base, action, c.ctx, { mask, hashKey: c.hashKey, maxBytes, stringsOnly }) };
  }
  if (action === 'truncate' || action === 'delete')
    return { op: wholeIfMatchOp(base, regex, action, c.ctx, maxBytes) };
  let produce: Produce;
  if (action === 'hash') {
    const key = c.hashKey as string;
    produce = (secret) => hmacHex(key, secret);
  } else if (action === 'replace') {
    if (typeof rule.replacement !== 'string') fail(label, 'replace needs a replacement string');
    const expand = compileTemplate(rule.replacement);
    produce = (secret, groups, named) => expand(secret, groups, named);
  } else {
    const own = rule.mask === undefined ? valueDetector?.mask : undefined;
    produce = own ?? (() => mask);
  }
  return {
    op: scanOp(base, regex, c.ctx, {
      partial: valueDetector?.partial ?? false,
      needs: valueDetector?.needs,
      prefilter: valueDetector?.prefilter,
      validate: valueDetector?.validate,
      produce,
    }),
  };
}
