export { MaskingSpanProcessor } from './processor';
export { resolveMasking } from './config/resolve-masking';
export { DEFAULT_DETECTORS, DETECTOR_NAMES } from './detectors/registry';
export { GEN_AI_CONTENT_KEYS } from './detectors/key-groups';
export {
  DEFAULT_MASK,
  DEFAULT_MAX_VALUE_LENGTH,
  DEFAULT_SUMMARY_ATTRIBUTE,
} from './normalize-options';
export { truncateUtf8 } from './string-limits';
export type {
  AttributeCondition,
  Condition,
  DeleteKeyTransform,
  DeleteMatchingKeysTransform,
  DetectorName,
  LimitTransform,
  MaskAction,
  MaskingFileConfig,
  MaskingOption,
  MaskingOptions,
  MaskingPreset,
  MaskRule,
  MaskTarget,
  Pattern,
  RenameTransform,
  ReplacePatternTransform,
  Rule,
  SetTransform,
  SpanKindName,
  TransformBase,
  TransformRule,
  TruncateAllTransform,
  ValuePattern,
} from './types';
