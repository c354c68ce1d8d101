/**
 * Layers of express itself, not of the app: express 4's `query` and `expressInit` (added to every app; express 5 has
 * neither) and body-parser's parsers (`express.json()` and friends, named the same in body-parser 1 and 2). Each
 * got a span on every request, which on NestJS realworld was half of all spans, and each span costs CPU on the
 * request path. The app's own middleware, routers and handlers keep their spans. `ignoreLayers` given in
 * `instrumentations.config.express` replaces this list.
 */
export const builtInExpressLayers = [
  'query',
  'expressInit',
  'jsonParser',
  'urlencodedParser',
  'textParser',
  'rawParser',
] as const;

/**
 * Both express instrumentations (otelkit's `express`, upstream's `express-upstream`) match `ignoreLayers` against the
 * span name, `middleware - <function name>`.
 */
export const expressDefaults: Record<string, unknown> = {
  ignoreLayers: builtInExpressLayers.map((name) => `middleware - ${name}`),
};
