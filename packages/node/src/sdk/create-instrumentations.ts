import {
  getNodeAutoInstrumentations,
  type InstrumentationConfigMap,
} from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { ResolvedConfig } from '../internal-types';
import { autoInstrumentationNames } from '../config/known-names';

import { withEnvHidden } from './with-env-hidden';

// The library re-reads these lists (and would report bad names a second time); we pass an explicit `enabled` instead.
const ENV_LISTS = ['OTEL_NODE_ENABLED_INSTRUMENTATIONS', 'OTEL_NODE_DISABLED_INSTRUMENTATIONS'];

// otelkit exports traces only: without this, the log instrumentations announce at every start that they have no log
// pipeline to send records to. Trace-id injection into log records stays on.
const defaultConfig: Record<string, Record<string, unknown>> = {
  pino: { disableLogSending: true },
  winston: { disableLogSending: true },
};

/**
 * Builds the instrumentations resolveConfig selected. Constructing one starts patching, so this must run after the
 * ESM hook is registered and before the app loads its libraries.
 */
export function createInstrumentations({ instrumentations }: ResolvedConfig): Instrumentation[] {
  const enabled = new Set(instrumentations.enabled);
  const map: Record<string, Record<string, unknown>> = {};
  for (const name of autoInstrumentationNames) {
    map[`@opentelemetry/instrumentation-${name}`] = {
      ...defaultConfig[name],
      ...instrumentations.config[name],
      enabled: enabled.has(name),
    };
  }
  const result = withEnvHidden(ENV_LISTS, () =>
    getNodeAutoInstrumentations(map as InstrumentationConfigMap),
  );
  if (enabled.has('prisma'))
    result.push(new PrismaInstrumentation(instrumentations.config.prisma ?? {}));
  return [...result, ...instrumentations.extra];
}
