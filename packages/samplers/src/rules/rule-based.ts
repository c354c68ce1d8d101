import type { Clock, ComposableSampler, SamplingIntent, SamplingParams } from '../internal-types';
import type { RuleSamplerConfig } from '../types';
import { parentThreshold } from '../composite/parent-threshold';
import { fail } from '../config-error';
import { checkPrecision, compileAction } from './compile-action';
import { compileRule } from './compile-rule';
import type { RulePredicate } from './compile-rule';

/** How option errors and lines name a rule or policy: `rules[2] (health)`. */
export function itemName(list: string, index: number, item: unknown): string {
  const name = (item as { name?: unknown } | null)?.name;
  return `${list}[${index}]${name ? ` (${String(name)})` : ''}`;
}

interface CompiledRule {
  readonly matches: RulePredicate;
  readonly sampler: ComposableSampler;
  readonly label: string;
}

/**
 * Ordered rules, first match wins; a span no rule matched follows its parent (with the spec's threshold
 * obligations) or, as a root, the default. Everything is compiled once here.
 */
export function ruleBasedSampler(config: RuleSamplerConfig, clock?: Clock): ComposableSampler {
  if (config.rules !== undefined && !Array.isArray(config.rules))
    fail('rules', config.rules, 'an array of rules');
  const precision = config.precision;
  checkPrecision(precision);
  const rules: CompiledRule[] = (config.rules ?? []).map((rule, i) => {
    const what = itemName('rules', i, rule);
    if (rule === null || typeof rule !== 'object') fail(what, rule, 'a rule object');
    const sampler = compileAction(rule, what, precision, clock);
    return {
      matches: compileRule(rule, what),
      sampler,
      label: `${rule.name ?? `#${i}`}→${sampler}`,
    };
  });
  const fallback = parentThreshold(compileAction(config.default ?? 1, 'default', precision, clock));
  const description =
    rules.length === 0
      ? fallback.toString()
      : `Rules{${rules.map((r) => r.label).join(', ')}; ${fallback}}`;
  return {
    intent(params: SamplingParams): SamplingIntent {
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (rule.matches(params)) return rule.sampler.intent(params);
      }
      return fallback.intent(params);
    },
    toString: () => description,
  };
}
