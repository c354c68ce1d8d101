import { optionError } from '@otelkit/core';
import { KIND_NAMES } from './normalize-spans';
import type {
  IntegrityMatcher,
  ReceivedSpan,
  SpanKindName,
  SpanSelector,
  SpanStatusName,
} from './types';

const PACKAGE = '@otelkit/testing';
const STATUS_CODES: Record<SpanStatusName, 0 | 1 | 2> = { UNSET: 0, OK: 1, ERROR: 2 };
export const SELECTOR_KEYS: readonly string[] = ['kind', 'status', 'name', 'scope', 'service'];

export type SpanPredicate = (span: ReceivedSpan) => boolean;

const isText = (v: unknown) => typeof v === 'string' || v instanceof RegExp;

function textMatches(actual: string | undefined, expected: string | RegExp): boolean {
  return typeof expected === 'string'
    ? actual === expected
    : actual !== undefined && expected.test(actual);
}

/**
 * Throws core's option TypeError for a selector with a misspelt key or a wrong value: a typo such as `kinds` would
 * otherwise select every span and hide the findings it was meant to scope. `extraKeys` are the rule's own fields.
 */
export function checkSelector(
  name: string,
  selector: unknown,
  extraKeys: readonly string[] = [],
): asserts selector is SpanSelector {
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector))
    throw optionError(
      PACKAGE,
      name,
      selector,
      'an object with kind, status, name, scope or service',
    );
  const record = selector as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!SELECTOR_KEYS.includes(key) && !extraKeys.includes(key))
      throw optionError(
        PACKAGE,
        `${name}.${key}`,
        record[key],
        `one of ${[...SELECTOR_KEYS, ...extraKeys].join(', ')}`,
      );
  }
  const kinds: unknown[] = Array.isArray(record.kind) ? record.kind : [record.kind];
  if (record.kind !== undefined && !kinds.every((k) => KIND_NAMES.includes(k as SpanKindName)))
    throw optionError(
      PACKAGE,
      `${name}.kind`,
      record.kind,
      `a span kind (${KIND_NAMES.join(', ')}) or a list of them`,
    );
  if (record.status !== undefined && !((record.status as string) in STATUS_CODES))
    throw optionError(PACKAGE, `${name}.status`, record.status, 'UNSET, OK or ERROR');
  for (const key of ['name', 'scope', 'service']) {
    if (record[key] !== undefined && !isText(record[key]))
      throw optionError(PACKAGE, `${name}.${key}`, record[key], 'a string or a RegExp');
  }
}

/** The predicate of a selector already checked by `checkSelector`. */
export function selectorPredicate(selector: SpanSelector): SpanPredicate {
  const { kind, status, name, scope, service } = selector;
  const kinds = kind === undefined ? undefined : typeof kind === 'string' ? [kind] : kind;
  return (span) =>
    (kinds === undefined || kinds.includes(span.kindName)) &&
    (status === undefined || span.status.code === STATUS_CODES[status]) &&
    (name === undefined || textMatches(span.name, name)) &&
    (scope === undefined || textMatches(span.scope.name, scope)) &&
    (service === undefined || textMatches(span.serviceName, service));
}

/** One predicate for an option holding a matcher or a list of them (any may match); undefined matches nothing. */
export function compileMatchers(
  name: string,
  option: IntegrityMatcher | readonly IntegrityMatcher[] | undefined,
): SpanPredicate {
  if (option === undefined) return () => false;
  const list: readonly unknown[] = Array.isArray(option) ? option : [option];
  const predicates = list.map((matcher, i): SpanPredicate => {
    const at = Array.isArray(option) ? `${name}[${i}]` : name;
    if (typeof matcher === 'string') return (span) => span.name === matcher;
    if (matcher instanceof RegExp) return (span) => matcher.test(span.name);
    if (typeof matcher === 'function') return (span) => Boolean((matcher as SpanPredicate)(span));
    if (typeof matcher !== 'object' || matcher === null || Array.isArray(matcher))
      throw optionError(
        PACKAGE,
        at,
        matcher,
        'a span name, a RegExp, a predicate or { kind, status, name, scope, service }',
      );
    checkSelector(at, matcher);
    return selectorPredicate(matcher);
  });
  return (span) => predicates.some((p) => p(span));
}
