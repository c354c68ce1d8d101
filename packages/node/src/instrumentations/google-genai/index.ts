export { GoogleGenAIInstrumentation } from './instrumentation';
export type { GoogleGenAIInstrumentationConfig } from './instrumentation';
