export { start } from './start';
export { resolveConfig } from './config/resolve-config-lazy';
export type {
  AutoInstrumentationConfigMap,
  BatchOptions,
  ExportStats,
  InstrumentationOptions,
  LogLevel,
  OtelkitHandle,
  OtlpProtocol,
  SamplerName,
  StartOptions,
  TracesExporterName,
} from './types';
