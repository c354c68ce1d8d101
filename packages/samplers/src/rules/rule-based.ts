import type { Clock, ComposableSampler, SamplingIntent, SamplingParams } from '../internal-types';
import type { RuleSamplerConfig } from '../types';
import { parentThreshold } from '../composite/parent-threshold';
import { compileAction } from './compile-action';
import { compileRule } from './compile-rule';
import type { RulePredicate } from './compile-rule';

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
    throw new Error('rules: expected an array');
  const precision = config.precision;
  const rules: CompiledRule[] = (config.rules ?? []).map((rule, i) => {
    const what = `rules[${i}]${rule?.name ? ` (${rule.name})` : ''}`;
    if (rule === null || typeof rule !== 'object') throw new Error(`${what}: expected an object`);
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
