import { cut, echo, RefusedPatternError } from '@otelkit/core';
import type { Diagnostics } from '@otelkit/core';
import { compileRule } from '../rules/compile-rule';
import { itemName } from '../rules/rule-based';
import { compileCondition } from '../tail/compile-condition';
import type { SamplingConfig } from '../types';

/**
 * A configuration read from OTELKIT_SAMPLER_ARG without the rules and tail policies whose pattern the linear-time
 * engine refuses: each is one line and is skipped, so one bad pattern neither stalls requests nor costs the other
 * rules. Any other problem is left for the build to report (the whole configuration then falls back).
 */
export function withoutRefusedPatterns(
  config: SamplingConfig,
  diagnostics: Diagnostics,
): SamplingConfig {
  const usable = <T>(
    items: T[] | undefined,
    list: string,
    what: string,
    compile: (item: T, name: string) => unknown,
  ): T[] | undefined => {
    if (!Array.isArray(items)) return items;
    return items.filter((item, i) => {
      try {
        compile(item, itemName(list, i, item));
      } catch (error) {
        if (!(error instanceof RefusedPatternError)) return true;
        diagnostics.warn(
          `OTELKIT_SAMPLER_ARG ${error.option}: the pattern ${echo('pattern', error.pattern)} ${cut(error.problem, 300)}; skipping this ${what}`,
        );
        return false;
      }
      return true;
    });
  };
  if (config === null || typeof config !== 'object') return config;
  const out: SamplingConfig = { ...config };
  if (config.rules !== undefined)
    out.rules = usable(config.rules, 'rules', 'rule', (rule, name) => compileRule(rule, name));
  const tail = config.tail;
  if (tail !== null && typeof tail === 'object' && tail.policies !== undefined) {
    const policies = usable(tail.policies, 'tail.policies', 'policy', (policy, name) =>
      compileCondition(policy?.when, `${name}.when`),
    );
    out.tail = { ...tail, policies: policies! };
  }
  return out;
}
