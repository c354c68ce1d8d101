import type { AttrBag, CompiledTransform, MutableSpan } from './internal-types';
import { compileCondition } from './compile-condition';
import { fail } from './fail';
import { compileKeyMatcher, compileValueRegex } from './patterns';
import { replaceMatches } from './replace-matches';
import { compileTemplate } from './replacement-template';
import { truncateUtf8 } from './string-limits';
import type { TransformRule } from './types';

function nonEmpty(v: unknown, option: string): string {
  if (typeof v !== 'string' || v === '') fail(option, v, 'a non-empty string');
  return v;
}

function count(v: unknown, option: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    fail(option, v, `an integer >= ${min}`);
  return v;
}

function isAttributeValue(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  return (
    Array.isArray(v) &&
    v.every((e) => e == null || ['string', 'number', 'boolean'].includes(typeof e))
  );
}

/** Applies `fn` to each string and string-array element of matching keys; writes only what changed. */
function mapStrings(
  attrs: AttrBag,
  match: (key: string) => boolean,
  fn: (s: string) => string,
): void {
  for (const key in attrs) {
    if (!match(key)) continue;
    const v = attrs[key];
    if (typeof v === 'string') {
      const out = fn(v);
      if (out !== v) attrs[key] = out;
    } else if (Array.isArray(v) && v.some((e) => typeof e === 'string' && fn(e) !== e)) {
      attrs[key] = v.map((e: unknown) => (typeof e === 'string' ? fn(e) : e));
    }
  }
}

function compileApply(rule: TransformRule, path: string): (span: MutableSpan) => void {
  switch (rule.transform) {
    case 'replace_pattern': {
      const re = compileValueRegex(rule.pattern, `${path}.pattern`);
      if (typeof rule.replacement !== 'string')
        fail(`${path}.replacement`, rule.replacement, 'a string');
      if (rule.key === undefined && rule.spanName !== true)
        fail(`${path}.key`, undefined, 'a key pattern (or spanName: true)');
      const expand = compileTemplate(rule.replacement);
      const keys = rule.key === undefined ? undefined : compileKeyMatcher(rule.key, `${path}.key`);
      const onName = rule.spanName === true;
      const fn = (s: string): string =>
        replaceMatches(re, s, (m) => expand(m[0], m.slice(1), m.groups));
      return (span) => {
        if (keys !== undefined) mapStrings(span.attributes, keys, fn);
        if (onName) span.name = fn(span.name);
      };
    }
    case 'delete_key': {
      const key = nonEmpty(rule.key, `${path}.key`);
      return (span) => {
        delete span.attributes[key];
      };
    }
    case 'delete_matching_keys': {
      const match = compileKeyMatcher(rule.pattern, `${path}.pattern`);
      return (span) => {
        for (const key in span.attributes) if (match(key)) delete span.attributes[key];
      };
    }
    case 'set': {
      const key = nonEmpty(rule.key, `${path}.key`);
      if (!isAttributeValue(rule.value))
        fail(`${path}.value`, rule.value, 'a string, number, boolean or an array of one of them');
      const { value } = rule;
      return (span) => {
        span.attributes[key] = value;
      };
    }
    case 'rename': {
      const from = nonEmpty(rule.from, `${path}.from`);
      const to = nonEmpty(rule.to, `${path}.to`);
      return (span) => {
        const attrs = span.attributes;
        if (!Object.prototype.hasOwnProperty.call(attrs, from)) return;
        attrs[to] = attrs[from];
        delete attrs[from];
      };
    }
    case 'limit': {
      const max = count(rule.max, `${path}.max`, 0);
      const keep =
        rule.keep === undefined ? () => false : compileKeyMatcher(rule.keep, `${path}.keep`);
      return (span) => {
        const attrs = span.attributes;
        let kept = 0;
        for (const key in attrs) if (keep(key) && kept++ >= max) delete attrs[key];
        for (const key in attrs) if (!keep(key) && kept++ >= max) delete attrs[key];
      };
    }
    case 'truncate_all': {
      const maxBytes = count(rule.maxBytes, `${path}.maxBytes`, 1);
      return (span) =>
        mapStrings(
          span.attributes,
          () => true,
          (s) => truncateUtf8(s, maxBytes),
        );
    }
    default:
      return fail(
        `${path}.transform`,
        (rule as { transform: unknown }).transform,
        'one of replace_pattern, delete_key, delete_matching_keys, set, rename, limit, truncate_all',
      );
  }
}

/** `path` names the rule in option errors (`rules[2]`), `label` in runtime diagnostics. */
export function compileTransform(
  rule: TransformRule,
  path: string,
  label: string,
): CompiledTransform {
  const where = compileCondition(rule.where, path);
  return { label, where, apply: compileApply(rule, path) };
}
