import { fail } from '../config-error';
import { checkPositive, checkRatio } from '../rules/compile-action';
import type { PresetOptions, SamplingConfig, TailPolicy } from '../types';
import { PRESET_DEFAULTS, PRESET_NAMES } from './preset-names';

/** The configuration a preset stands for, plus its startup description. */
export interface PresetPlan {
  config: SamplingConfig;
  description: string;
}

const errors: TailPolicy = { name: 'errors', when: { type: 'error' } };
const headSampled: TailPolicy = { name: 'head-sampled', when: { type: 'head-sampled' } };
const slow = (minMs: number): TailPolicy => ({ name: 'slow', when: { type: 'latency', minMs } });
const pct = (ratio: number): string => `${+(ratio * 100).toPrecision(6)}%`;

/** A preset's tunables are checked under their own names (`ratio`), not the rule fields they become. */
function checkPresetOptions(options: PresetOptions): void {
  if (options.ratio !== undefined) checkRatio(options.ratio, 'ratio');
  if (options.limit !== undefined) checkPositive(options.limit, 'limit');
  if (options.errorLimit !== undefined) checkPositive(options.errorLimit, 'errorLimit');
  if (options.slowMs !== undefined && !(typeof options.slowMs === 'number' && options.slowMs >= 0))
    fail('slowMs', options.slowMs, 'a number >= 0');
}

/** Expands a preset into head rules and tail policies. Values are validated by the compilers downstream. */
export function presetPlan(options: PresetOptions): PresetPlan {
  checkPresetOptions(options);
  const slowMs = options.slowMs ?? PRESET_DEFAULTS.slowMs;
  switch (options.preset) {
    case 'dev':
      return {
        config: { rules: [{ name: 'everything', parent: ['none', 'local', 'remote'], ratio: 1 }] },
        description: 'dev (every span, regardless of parent)',
      };
    case 'balanced': {
      const ratio = options.ratio ?? PRESET_DEFAULTS.balancedRatio;
      return {
        config: { default: ratio, tail: { policies: [errors, slow(slowMs), headSampled] } },
        description: `balanced (parent-based ${pct(ratio)} + tail: errors, slow >= ${slowMs}ms)`,
      };
    }
    case 'cost-saver': {
      const ratio = options.ratio ?? PRESET_DEFAULTS.costSaverRatio;
      const limit = options.limit ?? PRESET_DEFAULTS.limit;
      const errorLimit = options.errorLimit ?? PRESET_DEFAULTS.errorLimit;
      return {
        config: {
          default: { ratio, limit },
          tail: { policies: [{ ...errors, limit: errorLimit }, headSampled] },
        },
        description: `cost-saver (parent-based ${pct(ratio)} capped at ${limit} traces/s + tail: errors up to ${errorLimit}/s)`,
      };
    }
    case 'errors-and-slow':
      return {
        // Entry spans are recorded but not sampled, so downstream services are not asked to keep the trace.
        config: {
          rules: [{ name: 'entry', parent: ['none', 'remote'], ratio: 0 }],
          tail: { policies: [errors, slow(slowMs)] },
        },
        description: `errors-and-slow (tail only: errors, slow >= ${slowMs}ms)`,
      };
    case 'ratio': {
      const ratio = options.ratio ?? PRESET_DEFAULTS.ratio;
      return {
        config: { default: ratio },
        description: `ratio (parent-based consistent ${pct(ratio)})`,
      };
    }
    default:
      return fail(
        'preset',
        (options as { preset: unknown }).preset,
        `one of ${PRESET_NAMES.filter((n) => n !== 'rules').join(', ')}`,
      );
  }
}
