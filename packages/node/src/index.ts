export { start } from './start';
export { resolveConfig } from './config/resolve-config-lazy';
export type {
  AutoInstrumentationConfigMap,
  BatchOptions,
  ContextLossCount,
  ExportStats,
  InstrumentationOptions,
  LogLevel,
  OtelkitHandle,
  OtlpProtocol,
  SamplerName,
  StartOptions,
  StartupSpanStats,
  TracesExporterName,
} from './types';
