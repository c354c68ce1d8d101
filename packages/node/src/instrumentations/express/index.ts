export { ExpressInstrumentation } from './express-instrumentation';
export type { ExpressLayerInfo, ExpressLeanConfig } from './config';
