// The entry a distribution loads at every start (`@otelkit/propagators/distro`): the OTEL_PROPAGATORS names this
// package adds, the factory behind them and the forwarded-headers processor switch, each loading its propagator or
// processor only when asked for one. The package's main entry also loads the messaging helpers and carriers
// (38 modules against 4 here, 13.2 against 1.6 ms of CPU measured on the 2-core bench VM), which no start needs.
export { createPropagatorByName, propagatorNames } from './create-propagator-by-name';
export { forwardedHeadersSpanProcessorFromEnv } from './custom/forwarded-headers-from-env';
export type { PropagatorOptions, WarnFunction } from './types';
