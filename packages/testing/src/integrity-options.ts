import { checkNumberOption, optionError } from '@otelkit/core';
import { formatValue } from './attr-match';
import {
  checkSelector,
  compileMatchers,
  SELECTOR_KEYS,
  selectorPredicate,
} from './integrity-matcher';
import { KIND_NAMES } from './normalize-spans';
import type { CompiledIntegrityOptions } from './internal-types';
import type {
  AssertTraceIntegrityOptions,
  IntegrityFindingKind,
  RequiredAttributesRule,
  SpanKindName,
  SpanSelector,
} from './types';

const PACKAGE = '@otelkit/testing';

export const FINDING_KINDS: readonly IntegrityFindingKind[] = [
  'orphan',
  'multiple-roots',
  'unexpected-root',
  'missing-server',
  'missing-consumer',
  'missing-attributes',
];

const OPTION_KEYS = ['required', 'allowRoots', 'rootKinds', 'ignore', 'skip', 'maxTraces'];
const DEFAULT_ROOT_KINDS: readonly SpanKindName[] = ['SERVER', 'CONSUMER'];

const isName = (v: unknown) => typeof v === 'string' && v !== '';

function checkList<T>(
  name: string,
  value: unknown,
  ok: (item: unknown) => boolean,
  expected: string,
): T[] {
  if (!Array.isArray(value) || !value.every(ok)) throw optionError(PACKAGE, name, value, expected);
  return value as T[];
}

/** `{ kind: 'SERVER', status: 'ERROR' }` for messages: the rule's selector without its attribute list. */
function selectorLabel(rule: SpanSelector): string {
  const shown = Object.fromEntries(
    SELECTOR_KEYS.filter((k) => rule[k as keyof SpanSelector] !== undefined).map((k) => [
      k,
      rule[k as keyof SpanSelector],
    ]),
  );
  return Object.keys(shown).length === 0 ? 'every span' : formatValue(shown);
}

function compileRequired(fn: string, value: unknown): CompiledIntegrityOptions['required'] {
  if (value === undefined) return [];
  const rules = checkList<RequiredAttributesRule>(
    `${fn}.required`,
    value,
    (r) => typeof r === 'object' && r !== null,
    'a list of { kind?, status?, name?, scope?, service?, attributes: [...] }',
  );
  return rules.map((rule, index) => {
    const at = `${fn}.required[${index}]`;
    checkSelector(at, rule, ['attributes']);
    const entryOk = (e: unknown) =>
      isName(e) || (Array.isArray(e) && e.length > 0 && e.every(isName));
    const attributes = checkList<string | string[]>(
      `${at}.attributes`,
      rule.attributes,
      entryOk,
      'a list of attribute names (or of lists of alternative names)',
    );
    if (attributes.length === 0)
      throw optionError(PACKAGE, `${at}.attributes`, attributes, 'at least one attribute name');
    return {
      index,
      label: `required[${index}] ${selectorLabel(rule)}`,
      applies: selectorPredicate(rule),
      attributes: attributes.map((e) => (typeof e === 'string' ? [e] : e)),
    };
  });
}

/**
 * Checks every option once, before any span is looked at, and throws core's option TypeError naming the first bad
 * one: a misspelt option in a CI check would otherwise pass silently forever.
 */
export function compileIntegrityOptions(
  fn: string,
  options: AssertTraceIntegrityOptions,
): CompiledIntegrityOptions {
  if (typeof options !== 'object' || options === null)
    throw optionError(PACKAGE, fn, options, 'an options object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key))
      throw optionError(
        PACKAGE,
        `${fn}.${key}`,
        (options as Record<string, unknown>)[key],
        `one of ${OPTION_KEYS.join(', ')}`,
      );
  }
  const rootKinds =
    options.rootKinds === undefined
      ? DEFAULT_ROOT_KINDS
      : checkList<SpanKindName>(
          `${fn}.rootKinds`,
          options.rootKinds,
          (k) => KIND_NAMES.includes(k as SpanKindName),
          `a list of span kinds (${KIND_NAMES.join(', ')})`,
        );
  const skip =
    options.skip === undefined
      ? []
      : checkList<IntegrityFindingKind>(
          `${fn}.skip`,
          options.skip,
          (k) => FINDING_KINDS.includes(k as IntegrityFindingKind),
          `a list of finding kinds (${FINDING_KINDS.join(', ')})`,
        );
  checkNumberOption(PACKAGE, `${fn}.maxTraces`, options.maxTraces, {
    min: 0,
    max: 1000,
    integer: true,
  });
  return {
    required: compileRequired(fn, options.required),
    allowRoot: compileMatchers(`${fn}.allowRoots`, options.allowRoots),
    rootKinds,
    ignore: compileMatchers(`${fn}.ignore`, options.ignore),
    runs: (kind) => !skip.includes(kind),
  };
}
