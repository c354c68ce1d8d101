import { SpanKind } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { ParentKind, SamplingParams } from '../internal-types';
import type { ParentCondition, SamplingRule, SpanKindName } from '../types';
import { fail } from '../config-error';
import { compileMatcher } from './matcher';
import type { CompiledMatcher } from './matcher';

export type RulePredicate = (params: SamplingParams) => boolean;

const KIND_NAMES: readonly SpanKindName[] = [
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const kindOf = (name: SpanKindName): SpanKind =>
  SpanKind[name.toUpperCase() as Uppercase<SpanKindName>];
const PARENTS: readonly ParentCondition[] = ['none', 'local', 'remote'];

/** Compiles a rule's conditions into one predicate (cheapest checks first). Throws on invalid conditions. */
export function compileRule(rule: SamplingRule, what: string): RulePredicate {
  const checks: RulePredicate[] = [];
  const parents = new Set(list(rule.parent ?? 'none', `${what}.parent`, PARENTS));
  checks.push((p) => parents.has(p.parentKind as ParentKind));
  if (rule.kind !== undefined) {
    const kinds = new Set(list(rule.kind, `${what}.kind`, KIND_NAMES).map(kindOf));
    checks.push((p) => kinds.has(p.spanKind));
  }
  if (rule.method !== undefined) {
    const methods = new Set(list(rule.method, `${what}.method`).map((m) => m.toUpperCase()));
    checks.push((p) => {
      const m = p.attributes['http.request.method'] ?? p.attributes['http.method'];
      return typeof m === 'string' && methods.has(m.toUpperCase());
    });
  }
  if (rule.spanName !== undefined) {
    const m = compileMatcher(rule.spanName, `${what}.spanName`);
    checks.push((p) => m(p.spanName));
  }
  if (rule.route !== undefined) {
    const m = compileMatcher(rule.route, `${what}.route`);
    checks.push((p) => m(routeOf(p.attributes)));
  }
  if (rule.attributes !== undefined) {
    if (typeof rule.attributes !== 'object' || rule.attributes === null)
      fail(`${what}.attributes`, rule.attributes, 'an object of attribute name to matcher');
    for (const [key, matcher] of Object.entries(rule.attributes)) {
      const m: CompiledMatcher = compileMatcher(matcher, `${what}.attributes.${key}`);
      checks.push((p) => m(p.attributes[key]));
    }
  }
  return checks.length === 1 ? checks[0]! : (p) => checks.every((check) => check(p));
}

/** The route known at span start: the templated route if instrumentation set it, else the path. */
export function routeOf(attributes: Attributes): string | undefined {
  const route = attributes['http.route'] ?? attributes['url.path'];
  if (typeof route === 'string') return route;
  const target = attributes['http.target'];
  if (typeof target !== 'string') return undefined;
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

function list<T extends string>(value: T | T[], what: string, allowed?: readonly T[]): T[] {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v !== 'string' || (allowed !== undefined && !allowed.includes(v))) {
      const expected = allowed === undefined ? 'a string' : `one of ${allowed.join(', ')}`;
      fail(what, v, expected);
    }
  }
  return values;
}
