import { readFileSync } from 'node:fs';
import path from 'node:path';
import { autoInstrumentationNames } from '../../src/config/known-names';
import {
  instrumentationPackage,
  instrumentationTable,
} from '../../src/instrumentations/instrumentation-table';

// @otelkit/node takes the instrumentation packages directly (auto-instrumentations-node depends on sdk-node, which
// installs every OTLP exporter and gRPC in an npm app), at the versions auto-instrumentations-node pins: that package,
// a dev dependency only, is the reference the train follows.
interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
/** A package's manifest, found from its main file (some packages' `exports` do not list `package.json`). */
function manifestOf(name: string): Manifest {
  const main = require.resolve(name);
  const dir = main.slice(
    0,
    main.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}`.length,
  );
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}
const own = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as Manifest;
const auto = manifestOf('@opentelemetry/auto-instrumentations-node');
const isInstrumentation = (name: string) => name.startsWith('@opentelemetry/instrumentation-');
const autoPackages = Object.keys(auto.dependencies!).filter(isInstrumentation).sort();
const ownPackages = Object.keys(own.dependencies!).filter(isInstrumentation).sort();

describe('the upstream instrumentation packages follow auto-instrumentations-node', () => {
  test('@otelkit/node depends on the packages auto-instrumentations-node carries, and not on it', () => {
    expect(ownPackages).toEqual(autoPackages);
    expect(own.dependencies).not.toHaveProperty('@opentelemetry/auto-instrumentations-node');
  });

  test('the known names are the short names of those packages', () => {
    const short = autoPackages.map((name) => name.slice('@opentelemetry/instrumentation-'.length));
    expect([...autoInstrumentationNames].sort()).toEqual(short);
  });

  test.each(autoPackages)(
    '%s is installed at the version auto-instrumentations-node pins',
    (name) => {
      expect(manifestOf(name).version).toBe(auto.dependencies![name].replace(/^\^/, ''));
    },
  );

  test.each(Object.keys(instrumentationTable))(
    '%s: its row loads a package @otelkit/node depends on (or ships)',
    (name) => {
      const packageName = instrumentationPackage(name);
      expect(packageName === '@otelkit/node' || packageName in own.dependencies!).toBe(true);
    },
  );
});
