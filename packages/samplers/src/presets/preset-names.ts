import type { PresetName } from '../types';

// The names and defaults alone, apart from the plans: reading OTELKIT_SAMPLER needs them at every start, the plans'
// option checks (and the rule compiler they come from) only once a preset is built.

/** Defaults of every preset tunable (documented in docs/sampling.md). */
export const PRESET_DEFAULTS = Object.freeze({
  balancedRatio: 0.1,
  costSaverRatio: 0.01,
  ratio: 1,
  slowMs: 1000,
  limit: 10,
  errorLimit: 5,
});

export const PRESET_NAMES: readonly PresetName[] = [
  'dev',
  'balanced',
  'cost-saver',
  'errors-and-slow',
  'ratio',
  'rules',
];
