export { registerOTel } from './register-otel';
export { withOtelkit, SERVER_EXTERNAL_PACKAGES } from './with-otelkit';
export { NextSpanProcessor } from './next-span-processor';
export type { NextConfigLike, NextIgnoreOptions, NextOtelOptions, RegisterResult } from './types';
