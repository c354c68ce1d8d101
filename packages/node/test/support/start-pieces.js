'use strict';
// Child process of load-on-demand.test.ts, run with require-sources.js and the scenario's environment: resolves the
// configuration and builds what start-sdk builds from it — plugins, resource, propagator, exporter — without the
// instrumentations and the provider, then prints the files in the module cache as JSON, each as
// `<package>/<path>` (`@otelkit/<pkg>/src/…` for the workspace's own).
const path = require('node:path');
const src = path.resolve(__dirname, '../../src');
const { createDiagnostics } = require('@otelkit/core');
const { resolveConfig } = require(path.join(src, 'config/resolve-config.ts'));
const { pluginPropagatorNames } = require(path.join(src, 'plugins/propagation.ts'));
const { resolvePlugins } = require(path.join(src, 'plugins/resolve-plugins.ts'));
const { createResource } = require(path.join(src, 'sdk/create-resource.ts'));
const { createPropagator } = require(path.join(src, 'sdk/create-propagator.ts'));
const { createExporter } = require(path.join(src, 'sdk/create-exporter.ts'));

const diag = createDiagnostics({ prefix: '@otelkit/node', level: 'none' });
const { config } = resolveConfig({}, process.env, pluginPropagatorNames);
resolvePlugins(config, process.env, diag);
createResource(config, process.env);
createPropagator(config, process.env, diag);
createExporter(config, diag);

const name = (file) => {
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules >= 0) return file.slice(inModules + '/node_modules/'.length);
  const own = /\/packages\/([a-z-]+)\/(.*)$/.exec(file);
  return own ? `@otelkit/${own[1]}/${own[2]}` : file;
};
require('node:fs').writeSync(1, JSON.stringify(Object.keys(require.cache).map(name)));
// Not waiting for what the detectors started (the gcp one probes its metadata server): the list is all we need.
process.exit(0);
