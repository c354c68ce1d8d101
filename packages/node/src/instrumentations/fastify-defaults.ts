/**
 * @fastify/otel is a Fastify plugin: without this, the app would have to `register(instrumentation.plugin())` on every
 * instance itself. With it, the instrumentation subscribes to the `fastify.initialization` diagnostics channel, which
 * Fastify 5 (and the later 4.x) publishes synchronously inside `fastify()`, and adds the plugin there, before the app
 * registers its routes. `registerOnInitialization: false` in `instrumentations.config.fastify` turns it off for apps
 * that register the plugin themselves.
 */
export const fastifyDefaults: Record<string, unknown> = {
  registerOnInitialization: true,
};
