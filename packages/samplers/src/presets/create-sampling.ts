import type { PresetOptions, SamplingConfig, SamplingOption, SamplingSetup } from '../types';
import { CompositeSampler } from '../composite/composite-sampler';
import { RandomFlagProcessor } from '../random-flag-processor';
import { ruleBasedSampler } from '../rules/rule-based';
import { TailSamplingProcessor } from '../tail/tail-sampling-processor';
import { compilePolicies } from '../tail/compile-policies';
import { tailSettings } from '../tail/tail-settings';
import { monotonicClock } from '../composite/token-bucket';
import { PRESET_NAMES, presetPlan } from './preset-configs';
import { prefixErrors } from '../config-error';
import type { PresetPlan } from './preset-configs';

/**
 * Builds a sampling setup from a preset name, a preset with options, or a custom configuration.
 * Everything is validated here, so a bad option throws a clear Error at startup, never later.
 */
export function createSampling(
  option: SamplingOption,
  warn?: (message: string) => void,
): SamplingSetup {
  return prefixErrors(() => buildSampling(option, warn));
}

/** createSampling without the package prefix on errors (resolveSampling words them itself). */
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
      throw new Error(
        'preset "rules" needs a configuration: pass { rules, default, tail } instead',
      );
    if (!PRESET_NAMES.includes(option)) {
      throw new Error(
        `sampling: ${JSON.stringify(option)} is not one of ${PRESET_NAMES.join(', ')}`,
      );
    }
    return presetPlan({ preset: option });
  }
  if (option === null || typeof option !== 'object') {
    throw new Error(
      'sampling: expected a preset name, { preset, ... } or { rules, default, tail }',
    );
  }
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
