import { cut } from '@otelkit/core';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Diagnostics, ResolvedConfig } from './internal-types';
import type { OtelkitHandle } from './types';
import { createExporter } from './sdk/create-exporter';
import { createInstrumentations } from './sdk/create-instrumentations';
import { createPropagator } from './sdk/create-propagator';
import { SpanNameProcessor } from './sdk/span-name';
import { createResource } from './sdk/create-resource';
import { FastBindContextManager } from './sdk/fast-bind-context-manager';
import { PooledIdGenerator } from './sdk/pooled-id-generator';
import { withEnvHidden } from './sdk/with-env-hidden';
import { optionTable, type OptionSpec } from './config/option-table';
import { findApiConflicts } from './diag/api-conflicts';
import { installErrorHandler } from './diag/error-handler';
import { boundedShutdown, installExitHooks, type ExitActions } from './lifecycle/exit-hooks';
import { noopHandle } from './lifecycle/noop-handle';
import { createExportPipeline } from './sdk/export-pipeline';
import type { Plugins } from './plugins/resolve-plugins';

// resolveConfig owns these; the provider would re-read them (even with explicit values) and report bad ones again.
const PROVIDER_ENV = Object.entries(optionTable)
  .filter(([name]) => name.startsWith('spanLimits.') || name.startsWith('sampler'))
  .flatMap(([, spec]) => (spec as OptionSpec).env ?? []);

/** Builds and registers the SDK from a resolved config. May throw; start() turns that into a warning. */
export function startSdk(
  config: ResolvedConfig,
  plugins: Plugins,
  env: NodeJS.ProcessEnv,
  diag: Diagnostics,
  entry: string,
): OtelkitHandle {
  for (const problem of findApiConflicts()) diag.warn(problem);
  const { resource, serviceName } = createResource(config, env);
  const { sampling } = plugins;
  // Instrumentations first: they hook `require` when made, so a library otelkit itself loads from here on (the
  // gRPC exporter's @grpc/grpc-js) is patched for the app too, and only what the app loaded earlier counts as early.
  const instrumentations = createInstrumentations(config, diag, env);
  const early = instrumentations.loadedTooEarly;
  let made: ReturnType<typeof createExporter>;
  try {
    made = createExporter(config, diag);
  } catch (error) {
    // Tracing stays off: the instrumentations' hooks must not keep patching the app's modules for nothing.
    instrumentations.disable();
    throw error;
  }
  const pipeline = made && createExportPipeline(made, config, diag, sampling.wrapProcessor);
  installErrorHandler(diag, (error) => pipeline?.wasReported(error) ?? false);
  // Names first: masking then sees (and masks) the name a blank-edged query text was turned into.
  const processors: SpanProcessor[] = [
    new SpanNameProcessor(),
    ...plugins.processors,
    ...config.spanProcessors,
  ];
  if (pipeline) processors.push(pipeline.spanProcessor);
  const provider = withEnvHidden(
    PROVIDER_ENV,
    () =>
      new NodeTracerProvider({
        resource,
        sampler: sampling.sampler,
        spanLimits: config.spanLimits,
        spanProcessors: processors,
        idGenerator: new PooledIdGenerator(),
      }),
  );
  const { propagator, names } = createPropagator(config, env, diag);
  provider.register({ propagator, contextManager: new FastBindContextManager() });
  instrumentations.register(provider);

  if (early.length > 0) {
    diag.warn(
      `these modules were loaded before otelkit started and will not be traced: ${early.join(', ')}. ` +
        'Start otelkit first: node --require @otelkit/node/register app.js (or --import for ESM).',
    );
  }
  diag.info(
    `tracing service ${JSON.stringify(cut(serviceName))} → ${made?.target ?? 'no exporter'}${made?.credentials ? `; ${made.credentials}` : ''}; sampler ${sampling.description}; ` +
      `propagators ${names.join(',') || 'none'}; ${instrumentations.enabledCount} instrumentations, ${instrumentations.loading}; started by ${entry}`,
  );

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= provider
      .shutdown()
      .catch((error: Error) => diag.debug(`shutdown: ${error.message}`)) // undelivered spans are summarised below
      .then(() => {
        removeHooks();
        reportLoss();
      }));
  let lossReported = false;
  /** One line, once: an exit can reach this from several hooks, and a second, different count would contradict it. */
  const reportLoss = (lead?: string) => {
    if (lossReported) return;
    const summary = pipeline?.exitSummary();
    if (summary === undefined && lead === undefined) return;
    lossReported = true;
    diag.warn([lead, summary].filter(Boolean).join(': '));
  };
  const actions: ExitActions = {
    shutdown,
    forceFlush: () => void provider.forceFlush().catch(() => undefined),
    abandon: () => pipeline?.processor.abandon(),
    flushAtExit: (millis) => pipeline?.flushAtExit(millis),
    reportLoss,
  };
  const removeHooks = config.handleSignals
    ? installExitHooks(actions, config.shutdownTimeoutMillis, diag)
    : () => undefined;
  return {
    // Bounded like the exit's flush: an app awaiting this in its SIGTERM handler must not wait on a hung collector
    // for the processor's 30 s export timeout.
    shutdown: () => boundedShutdown(actions, config.shutdownTimeoutMillis, 'shutdown'),
    forceFlush: () =>
      provider.forceFlush().catch((error: Error) => diag.warn(`flush failed: ${error.message}`)),
    tracerProvider: provider,
    stats: () => ({
      ...(pipeline?.stats() ?? noopHandle().stats()),
      untracedLibraries: instrumentations.untraced(),
    }),
  };
}
