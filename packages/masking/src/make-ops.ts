import type { RegExpLike } from '@otelkit/core';
import { DELETE } from './internal-types';
import type { CompiledCondition, CompiledOp, KeyMatcher, MaskContext } from './internal-types';
import { hmacHex } from './hmac';
import { replaceMatches } from './replace-matches';
import { truncateUtf8 } from './string-limits';

export interface OpBase {
  readonly id: number;
  readonly label: string;
  readonly targets: number;
  readonly keys: KeyMatcher | undefined;
  readonly where: CompiledCondition | undefined;
}

export type KeyAction = 'redact' | 'hash' | 'truncate' | 'delete';

/**
 * What replaces a matched secret: the mask, its hash, or an expanded replacement template. Groups are built only
 * for a function that declares more than the `secret` parameter.
 */
export type Produce = (
  secret: string,
  groups: readonly unknown[],
  named: Record<string, string> | undefined,
) => string;

function opaqueText(v: unknown): string {
  return typeof v === 'object' ? (JSON.stringify(v) ?? '') : String(v);
}

/** The whole value of a matching key is redacted, hashed, truncated or deleted. */
export function keyOp(
  base: OpBase,
  action: KeyAction,
  ctx: MaskContext,
  p: { mask: string; hashKey?: string; maxBytes?: number; stringsOnly?: boolean },
): CompiledOp {
  const { mask, hashKey = '', maxBytes = 0 } = p;
  const run = (s: string): string | typeof DELETE => {
    if (action === 'truncate') {
      const cut = truncateUtf8(s, maxBytes);
      if (cut !== s) ctx.count++;
      return cut;
    }
    if (action !== 'delete' && ctx.isMask(s)) return s;
    ctx.count++;
    if (action === 'delete') return DELETE;
    return action === 'hash' ? hmacHex(hashKey, s) : mask;
  };
  const runOpaque = (v: unknown): unknown => {
    if (action === 'truncate') return undefined;
    ctx.count++;
    if (action === 'delete') return DELETE;
    return action === 'hash' ? hmacHex(hashKey, opaqueText(v)) : mask;
  };
  return {
    ...base,
    mode: 'key',
    stringsOnly: p.stringsOnly ?? false,
    terminal: action !== 'truncate',
    deletes: action === 'delete',
    needs: 0,
    prefilter: undefined,
    run,
    runOpaque,
  };
}

export interface ScanParams {
  /** Group 1 and 3 are kept, group 2 is the secret. */
  readonly partial: boolean;
  readonly needs?: number;
  readonly prefilter?: (s: string) => boolean;
  readonly validate?: (secret: string) => boolean;
  readonly produce: Produce;
}

const NO_GROUPS: readonly unknown[] = [];

/**
 * A mask whose last character the pattern left out (`[REDACTED` of `[REDACTED]`: a value pattern that stops before
 * sentence punctuation such as `]`): no secret, so it is not masked again.
 */
function cutMask(ctx: MaskContext, m: RegExpExecArray, secret: string, partial: boolean): boolean {
  const start = m.index + (partial ? (m[1]?.length ?? 0) : 0);
  return ctx.isMask(m.input.slice(start, start + secret.length + 1));
}

/** The fixed fields of every value-scanning op. */
function scanShape(
  base: OpBase,
  needs: number,
  prefilter: ((s: string) => boolean) | undefined,
  run: CompiledOp['run'],
): CompiledOp {
  return {
    ...base,
    mode: 'scan',
    stringsOnly: false,
    terminal: false,
    deletes: false,
    needs,
    prefilter,
    run,
    runOpaque: () => undefined,
  };
}

/** Each part of a string value that matches `regex` (global) is replaced by `produce(part)`. */
export function scanOp(
  base: OpBase,
  regex: RegExpLike,
  ctx: MaskContext,
  p: ScanParams,
): CompiledOp {
  const { partial, validate, produce } = p;
  // Only replacement templates read the groups: the mask and the hash are spared two allocations per match.
  const withGroups = produce.length > 1;
  const replacer = (m: RegExpExecArray): string => {
    const match = m[0];
    const secret = partial ? (m[2] ?? '') : match;
    if (secret === '' || ctx.isMask(secret) || (validate !== undefined && !validate(secret)))
      return match;
    if (cutMask(ctx, m, secret, partial)) return match;
    ctx.count++;
    const out = withGroups
      ? produce(secret, m.slice(1), m.groups)
      : produce(secret, NO_GROUPS, undefined);
    return partial ? `${m[1] ?? ''}${out}${m[3] ?? ''}` : out;
  };
  return scanShape(base, p.needs ?? 0, p.prefilter, (s) => replaceMatches(regex, s, replacer));
}

/** When any part of a string value matches, the whole value is truncated or deleted. */
export function wholeIfMatchOp(
  base: OpBase,
  regex: RegExpLike,
  action: 'truncate' | 'delete',
  ctx: MaskContext,
  maxBytes = 0,
): CompiledOp {
  return scanShape(base, 0, undefined, (s) => {
    // The pattern is global (it is shared with replace): each test starts at the beginning.
    regex.lastIndex = 0;
    const hit = regex.test(s);
    regex.lastIndex = 0;
    if (!hit) return s;
    if (action === 'delete') {
      ctx.count++;
      return DELETE;
    }
    const cut = truncateUtf8(s, maxBytes);
    if (cut !== s) ctx.count++;
    return cut;
  });
}
