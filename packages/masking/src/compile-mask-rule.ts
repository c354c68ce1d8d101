import type { CompiledCondition, CompiledOp, MaskContext } from './internal-types';
import { T_ALL, TARGET_BITS } from './internal-types';
import type { compileCondition as CompileCondition } from './compile-condition';
import type { RegExpLike } from '@otelkit/core';
import { DETECTOR_NAMES, detectorByName } from './detectors/registry';
import { fail } from './fail';
import { hmacHex } from './hmac';
import type { OpBase, Produce } from './make-ops';
import { keyOp, scanOp, wholeIfMatchOp } from './make-ops';
import { compileKeyMatcher, compileValueRegex } from './patterns';
import type { compileTemplate as CompileTemplate } from './replacement-template';
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

function compileTargets(list: MaskTarget[] | undefined, path: string): number {
  if (list === undefined) return T_ALL;
  const targets = Object.keys(TARGET_BITS).join(', ');
  if (!Array.isArray(list) || list.length === 0)
    fail(`${path}.in`, list, `a non-empty array of ${targets}`);
  let bits = 0;
  list.forEach((t, i) => {
    bits |= TARGET_BITS[t] ?? fail(`${path}.in[${i}]`, t, `one of ${targets}`);
  });
  return bits;
}

function positiveInt(n: unknown, option: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)
    fail(option, n, 'a positive integer');
  return n;
}

/** A drop-span rule compiles to its condition; every other rule to one op. */
export type CompiledMaskRule = { drop: CompiledCondition } | { op: CompiledOp };

/**
 * `path` names the rule in option errors (`rules[2]`), `label` in runtime diagnostics (`rule "ids"`). Throws a
 * TypeError naming the option on a bad rule (a refused pattern: core's RefusedPatternError).
 */
export function compileMaskRule(
  rule: MaskRule,
  id: number,
  path: string,
  label: string,
  c: RuleCompileContext,
): CompiledMaskRule {
  if (typeof rule !== 'object' || rule === null) fail(path, rule, 'a rule object');
  const { action } = rule;
  if (!ACTIONS.includes(action)) fail(`${path}.action`, action, `one of ${ACTIONS.join(', ')}`);
  // The condition and template compilers are required only by a rule that has a `where` or a replacement: the
  // detectors every process compiles at start-up have neither.
  const where =
    rule.where === undefined
      ? undefined
      : (
          require('./compile-condition') as { compileCondition: typeof CompileCondition }
        ).compileCondition(rule.where, path);
  if (action === 'drop-span') {
    if (where === undefined) fail(`${path}.where`, undefined, 'a condition (drop-span needs one)');
    if (rule.keys !== undefined || rule.value !== undefined || rule.detector !== undefined)
      fail(path, rule, 'drop-span with only where (no keys, value or detector)');
    return { drop: where };
  }
  const detector =
    rule.detector === undefined
      ? undefined
      : (detectorByName(rule.detector) ??
        fail(`${path}.detector`, rule.detector, `one of ${DETECTOR_NAMES.join(', ')}`));
  if (detector?.kind === 'reuse')
    fail(
      `${path}.detector`,
      rule.detector,
      'a value or key detector (secret-reuse works on whole spans: switch it with the detectors option)',
    );
  if (rule.value !== undefined && detector !== undefined)
    fail(`${path}.value`, rule.value, 'absent when detector is given (give value or detector)');
  let keys = rule.keys === undefined ? undefined : compileKeyMatcher(rule.keys, `${path}.keys`);
  if (detector?.kind === 'key') {
    if (keys !== undefined)
      fail(`${path}.keys`, rule.keys, `absent: detector ${rule.detector} already selects keys`);
    keys = detector.keys;
  }
  const valueDetector = detector?.kind === 'value' ? detector : undefined;
  const regex: RegExpLike | undefined =
    rule.value !== undefined
      ? compileValueRegex(rule.value, `${path}.value`)
      : valueDetector?.regex;
  if (keys === undefined && regex === undefined)
    fail(path, rule, 'a rule with keys, value or detector');
  if (rule.mask !== undefined && typeof rule.mask !== 'string')
    fail(`${path}.mask`, rule.mask, 'a string');
  if (action === 'hash' && !c.hashKey)
    fail(
      'hashKey',
      undefined,
      `a non-empty string: ${path} hashes values (set option hashKey or env OTELKIT_MASKING_HASH_KEY)`,
    );
  const maxBytes = action === 'truncate' ? positiveInt(rule.maxBytes, `${path}.maxBytes`) : 0;
  const base: OpBase = { id, label, targets: compileTargets(rule.in, path), keys, where };
  const mask = rule.mask ?? c.mask;

  if (regex === undefined) {
    if (action === 'replace')
      fail(`${path}.value`, undefined, 'a value pattern (replace needs one)');
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
    if (typeof rule.replacement !== 'string')
      fail(`${path}.replacement`, rule.replacement, 'a string (replace needs one)');
    const expand = (
      require('./replacement-template') as { compileTemplate: typeof CompileTemplate }
    ).compileTemplate(rule.replacement);
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
