import type { PresetOptions, SamplingConfig, SamplingOption, SamplingSetup } from '../types';
import { CompositeSampler } from '../composite/composite-sampler';
import { RandomFlagProcessor } from '../random-flag-processor';
import { ruleBasedSampler } from '../rules/rule-based';
import { TailSamplingProcessor } from '../tail/tail-sampling-processor';
import { compilePolicies } from '../tail/compile-policies';
import { tailSettings } from '../tail/tail-settings';
import { monotonicClock } from '../composite/token-bucket';
import { presetPlan } from './preset-configs';
import { PRESET_NAMES } from './preset-names';
import { fail } from '../config-error';
import type { PresetPlan } from './preset-configs';

/**
 * Builds a sampling setup from a preset name, a preset with options, or a custom configuration.
 * Everything is validated here, so a bad option throws a clear Error at startup, never later.
 */
export function createSampling(
  option: SamplingOption,
  warn?: (message: string) => void,
): SamplingSetup {
  return buildSampling(option, warn);
}

/** createSampling, also called by resolveSampling with a configuration read from the environment. */
export function buildSampling(
  option: SamplingOption,
  warn?: (message: string) => void,
): SamplingSetup {
  const plan = planFor(option);
  const { config } = plan;
  const tail = config.tail;
  if (tail !== undefined) {
    tailSettings(tail);
    compilePolicies(tail.policies, tail.otherwise ?? 'drop', monotonicClock);
  }
  const sampler = new CompositeSampler(ruleBasedSampler(config), {
    recordUnsampled: tail !== undefined,
    warn,
  });
  return {
    sampler,
    wrapProcessor: (next) =>
      new RandomFlagProcessor(tail === undefined ? next : new TailSamplingProcessor(next, tail)),
    description: plan.description,
  };
}

function planFor(option: SamplingOption): PresetPlan {
  if (typeof option === 'string') {
    if (option === 'rules')
      fail(
        'sampling',
        option,
        'a preset name; "rules" needs a configuration: { rules, default, tail }',
      );
    if (!PRESET_NAMES.includes(option))
      fail('sampling', option, `one of ${PRESET_NAMES.join(', ')}`);
    return presetPlan({ preset: option });
  }
  if (option === null || typeof option !== 'object')
    fail('sampling', option, 'a preset name, { preset, ... } or { rules, default, tail }');
  if ('preset' in option) return presetPlan(option as PresetOptions);
  const config = option as SamplingConfig;
  const ruleCount = config.rules?.length ?? 0;
  const tail =
    config.tail === undefined ? '' : ` + tail: ${config.tail.policies?.length ?? 0} policies`;
  return {
    config,
    description: `rules (${ruleCount} rules, default ${describeDefault(config.default)}${tail})`,
  };
}

function describeDefault(value: SamplingConfig['default']): string {
  if (value === undefined) return '100%';
  if (typeof value === 'number') return `${+(value * 100).toPrecision(6)}%`;
  return JSON.stringify(value);
}
