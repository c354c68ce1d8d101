export { start } from './start';
export { resolveConfig } from './config/resolve-config';
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
