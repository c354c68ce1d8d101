export type {
  ParentCondition,
  PresetName,
  PresetOptions,
  RuleAction,
  RuleSamplerConfig,
  SamplingConfig,
  SamplingInfo,
  SamplingOption,
  SamplingRule,
  SamplingSetup,
  SpanKindName,
  TailCondition,
  TailPolicy,
  TailSamplingConfig,
  TailSamplingStats,
  TraceSegment,
  ValueMatcher,
} from './types';
export type { SamplerOptions } from './samplers';
export {
  createConsistentRatioSampler,
  createRateLimitingSampler,
  createRuleBasedSampler,
} from './samplers';
export { TailSamplingProcessor } from './tail/tail-sampling-processor';
export { RandomFlagProcessor } from './random-flag-processor';
export { createSampling } from './presets/create-sampling';
export { resolveSampling } from './presets/resolve-sampling';
export { PRESET_DEFAULTS, PRESET_NAMES } from './presets/preset-names';
export { TRACE_FLAG_RANDOM } from './consistent/randomness';
export {
  DEFAULT_PRECISION,
  MAX_ADJUSTED_COUNT,
  adjustedCount,
  decodeThreshold,
  encodeThreshold,
  probabilityToThreshold,
  thresholdToProbability,
} from './consistent/threshold';
export { readSamplingInfo } from './consistent/read-sampling-info';
