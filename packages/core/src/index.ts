export { EnvReader, isHttpUrl } from './env-reader';
export { readConfigSource } from './config-source';
export { cut, echo, echoOption, ECHO_MAX } from './echo';
export { decodeComponent, isSecretName, maskKnown, MASK, redactText, redactUrl } from './redact';
export { checkNumberOption, optionError } from './option-error';
export {
  createDiagnostics,
  LINE_MAX,
  MAX_KEYS,
  MAX_ROTATING_SECRETS,
  messageShape,
  processDiagnostics,
  REPEAT_INTERVAL_MS,
  setProcessDiagnostics,
} from './diagnostics';
export type { DiagnosticsOptions } from './diagnostics';
export { diagnosticsFor } from './diagnostics-for';
export { compileGlob, compilePattern, globSource, isGlob } from './safe-pattern';
export type { PatternResult } from './safe-pattern';
export { compilePatternOption, RefusedPatternError } from './pattern-option';
export { renderWaterfall } from './waterfall';
export { buildTraceTrees, flattenTrees, groupBy } from './waterfall-tree';
export type {
  Diagnostics,
  Env,
  LogLevel,
  NumberSpec,
  RegExpLike,
  WaterfallNode,
  WaterfallOptions,
  WaterfallSpan,
} from './types';
