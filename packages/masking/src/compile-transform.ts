import type { AttrBag, CompiledTransform, MutableSpan } from './internal-types';
import { compileCondition } from './compile-condition';
import { compileKeyMatcher, compileValueRegex } from './patterns';
import { truncateUtf8 } from './string-limits';
import type { TransformRule } from './types';

function fail(label: string, message: string): never {
  throw new Error(`@otelkit/masking: ${label}: ${message}`);
}

function nonEmpty(v: unknown, label: string, field: string): string {
  if (typeof v !== 'string' || v === '') fail(label, `${field} must be a non-empty string`);
  return v;
}

function count(v: unknown, label: string, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    fail(label, `${field} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
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

function compileApply(rule: TransformRule, label: string): (span: MutableSpan) => void {
  switch (rule.transform) {
    case 'replace_pattern': {
      const re = compileValueRegex(rule.pattern, `${label}: pattern`);
      if (typeof rule.replacement !== 'string') fail(label, 'replacement must be a string');
      if (rule.key === undefined && rule.spanName !== true)
        fail(label, 'needs key and/or spanName: true');
      const { replacement } = rule;
      const keys =
        rule.key === undefined ? undefined : compileKeyMatcher(rule.key, `${label}: key`);
      const onName = rule.spanName === true;
      const fn = (s: string): string => s.replace(re, replacement);
      return (span) => {
        if (keys !== undefined) mapStrings(span.attributes, keys, fn);
        if (onName) span.name = fn(span.name);
      };
    }
    case 'delete_key': {
      const key = nonEmpty(rule.key, label, 'key');
      return (span) => {
        delete span.attributes[key];
      };
    }
    case 'delete_matching_keys': {
      const match = compileKeyMatcher(rule.pattern, `${label}: pattern`);
      return (span) => {
        for (const key in span.attributes) if (match(key)) delete span.attributes[key];
      };
    }
    case 'set': {
      const key = nonEmpty(rule.key, label, 'key');
      if (!isAttributeValue(rule.value))
        fail(label, 'value must be a string, number, boolean or an array of one of them');
      const { value } = rule;
      return (span) => {
        span.attributes[key] = value;
      };
    }
    case 'rename': {
      const from = nonEmpty(rule.from, label, 'from');
      const to = nonEmpty(rule.to, label, 'to');
      return (span) => {
        const attrs = span.attributes;
        if (!Object.prototype.hasOwnProperty.call(attrs, from)) return;
        attrs[to] = attrs[from];
        delete attrs[from];
      };
    }
    case 'limit': {
      const max = count(rule.max, label, 'max', 0);
      const keep =
        rule.keep === undefined ? () => false : compileKeyMatcher(rule.keep, `${label}: keep`);
      return (span) => {
        const attrs = span.attributes;
        let kept = 0;
        for (const key in attrs) if (keep(key) && kept++ >= max) delete attrs[key];
        for (const key in attrs) if (!keep(key) && kept++ >= max) delete attrs[key];
      };
    }
    case 'truncate_all': {
      const maxBytes = count(rule.maxBytes, label, 'maxBytes', 1);
      return (span) =>
        mapStrings(
          span.attributes,
          () => true,
          (s) => truncateUtf8(s, maxBytes),
        );
    }
    default:
      return fail(
        label,
        `unknown transform ${JSON.stringify((rule as { transform: unknown }).transform)}`,
      );
  }
}

export function compileTransform(rule: TransformRule, label: string): CompiledTransform {
  const where = compileCondition(rule.where, label);
  return { label, where, apply: compileApply(rule, label) };
}
