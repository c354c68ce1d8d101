import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runFixture, startReceiver } from '@otelkit/testing';
import { get, otelEnv, otelkitLines, REQUIRE, startApp } from './support/app';

jest.setTimeout(300_000);

// What an npm user gets: the publishable packages packed as `pnpm publish` would (catalog: and workspace: ranges
// replaced), installed into a fresh app by plain npm, then run from that app's node_modules.
const root = path.join(__dirname, '..', '..');
const TMP_PREFIX = 'otelkit-packaging-';
const GRPC_EXPORTER = '@opentelemetry/exporter-trace-otlp-grpc';
// What an app exporting over HTTP needs: not @otelkit/testing (its gRPC receiver needs @grpc/grpc-js) nor
// @otelkit/next (its peer is Next.js itself).
const APP_PACKAGES = ['core', 'export', 'masking', 'samplers', 'propagators', 'node'];

const run = promisify(execFile);
/**
 * npm's own settings from a `pnpm test` parent (npm_config_*) are not the app's; nor is the NODE_PATH of pnpm's `jest`
 * shim, which would let the app find every package of the workspace store.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'NODE_PATH') env[key] = value;
  }
  return env as NodeJS.ProcessEnv;
}
/** The app's env for a child: only the app's node_modules to resolve from. */
const appEnv = (endpoint: string, extra: Record<string, string> = {}) =>
  otelEnv(endpoint, { NODE_PATH: undefined, ...extra });

let tmp: string;
let app: string;
let install: { ok: boolean; output: string };

/** Runs of this file killed before afterAll (a CI timeout) leave their directory: removed by the next run. */
function removeStaleDirs(): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(os.tmpdir())) {
    const dir = path.join(os.tmpdir(), name);
    if (name.startsWith(TMP_PREFIX) && statSync(dir).mtimeMs < hourAgo) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

beforeAll(async () => {
  removeStaleDirs();
  tmp = mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
  const tarballs = path.join(tmp, 'tarballs');
  app = path.join(tmp, 'app');
  mkdirSync(app);
  await run(
    'npx',
    ['-y', 'pnpm@10', '-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs],
    { cwd: root, env: cleanEnv() },
  );
  const dependencies = Object.fromEntries(
    APP_PACKAGES.map((name) => [`@otelkit/${name}`, `file:${tarball(tarballs, name)}`]),
  );
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'packaging-app', private: true, dependencies }),
  );
  const args = ['install', '--engine-strict', '--no-audit', '--no-fund', '--prefer-offline'];
  install = await run('npm', args, { cwd: app, env: cleanEnv(), maxBuffer: 16 << 20 }).then(
    (done) => ({ ok: true, output: done.stdout + done.stderr }),
    (error: { stdout?: string; stderr?: string }) => ({
      ok: false,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function tarball(dir: string, name: string): string {
  const file = readdirSync(dir).find((f) => f.startsWith(`otelkit-${name}-`));
  if (!file) throw new Error(`no tarball for @otelkit/${name} in ${dir}`);
  return path.join(dir, file);
}

const installed = (name: string) =>
  JSON.parse(readFileSync(path.join(app, 'node_modules', name, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };

interface Semver {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
}

/** npm's own semver (the one `--engine-strict` uses), so no test dependency is added for it. */
function npmSemver(): Semver {
  const npmDir = path.join(path.dirname(realpathSync(whichNpm())), '..');
  return require(path.join(npmDir, 'node_modules', 'semver')) as Semver;
}

function whichNpm(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('npm is not on PATH');
}

/** Every package directory under a node_modules, nested ones included. */
function packageDirs(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) =>
      name.startsWith('@')
        ? readdirSync(path.join(nodeModules, name)).map((sub) => path.join(nodeModules, name, sub))
        : [path.join(nodeModules, name)],
    )
    .flatMap((dir) => [dir, ...packageDirs(path.join(dir, 'node_modules'))]);
}

type Manifest = ReturnType<typeof installed>;

/** The directory npm installed `name` in for the package in `from`, looked up as Node.js does. */
function lookup(from: string, name: string): string | undefined {
  for (let dir = from; dir.startsWith(app); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/**
 * Dependency chains (`a > b > c`) from `start` to any of `names`, following `dependencies` and
 * `optionalDependencies` (not peers: an optional peer is installed only when something else brings it).
 */
function chainsTo(start: string, names: string[]): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, chain: string[]) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(
      readFileSync(path.join(dir, 'package.json'), 'utf8'),
    ) as Manifest & {
      optionalDependencies?: Record<string, string>;
    };
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(deps)) {
      const here = [...chain, name];
      if (names.includes(name)) chains.push(here.join(' > '));
      const found = lookup(dir, name);
      if (found) walk(found, here);
    }
  };
  walk(path.join(app, 'node_modules', start), [start]);
  return chains;
}

test('npm install --engine-strict of the packed packages succeeds on this Node.js', () => {
  expect(install).toEqual({ ok: true, output: expect.any(String) as string });
});

test('every installed package supports the oldest Node.js otelkit supports', () => {
  const semver = npmSemver();
  const floor = semver.minVersion(installed('@otelkit/node').engines!.node!)!.version;
  const excluding = packageDirs(path.join(app, 'node_modules')).flatMap((dir) => {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) return [];
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      version: string;
      engines?: { node?: string };
    };
    const range = pkg.engines?.node;
    return range && !semver.satisfies(floor, range) ? [`${pkg.name}@${pkg.version} ${range}`] : [];
  });
  expect({ floor, excluding }).toEqual({ floor: '20.6.0', excluding: [] });
});

test('gRPC export is an optional peer: an app exporting over HTTP installs no gRPC package', () => {
  const node = installed('@otelkit/node');
  expect(node.dependencies).not.toHaveProperty(GRPC_EXPORTER);
  expect(node.dependencies).not.toHaveProperty('@opentelemetry/otlp-grpc-exporter-base');
  expect(node.peerDependencies?.[GRPC_EXPORTER]).toMatch(/^\d+\.\d+\.\d+$/);
  expect(node.peerDependenciesMeta?.[GRPC_EXPORTER]).toEqual({ optional: true });
  const grpcPackages = ['@grpc/grpc-js', 'protobufjs', GRPC_EXPORTER];
  expect(chainsTo('@otelkit/node', grpcPackages)).toEqual([]);
  // Nor through anything else the app installed: an app exporting over HTTP has no gRPC package at all.
  const installedGrpc = packageDirs(path.join(app, 'node_modules')).filter((dir) =>
    grpcPackages.some((name) => dir.endsWith(`${path.sep}node_modules${path.sep}${name}`)),
  );
  expect(installedGrpc.map((dir) => path.relative(app, dir))).toEqual([]);
});

test('with --enable-source-maps, an error thrown inside otelkit names TypeScript files that exist', async () => {
  writeFileSync(
    path.join(app, 'bad-option.js'),
    "require('@otelkit/node').start({ serviceName: 42 });\n",
  );
  const result = await runFixture({
    script: 'bad-option.js',
    cwd: app,
    nodeArgs: ['--enable-source-maps'],
    env: appEnv('http://127.0.0.1:9'),
  });
  expect(result.stderr).toContain('option serviceName is 42');
  const frames = [...result.stderr.matchAll(/\((\/[^():]+):\d+:\d+\)/g)]
    .map((m) => m[1])
    .filter((file) => file.includes(`${path.sep}@otelkit${path.sep}`));
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter((file) => !file.endsWith('.ts') || !existsSync(file))).toEqual([]);
});

test('OTEL_EXPORTER_OTLP_PROTOCOL=grpc without the gRPC exporter: one line saying what to install, then OTLP/HTTP', async () => {
  // The app never installed the exporter (the test above: nothing brings it).
  expect(existsSync(path.join(app, 'node_modules', GRPC_EXPORTER))).toBe(false);
  const receiver = await startReceiver();
  writeFileSync(
    path.join(app, 'serve.js'),
    "require('node:http').createServer((_, res) => res.end('ok'))" +
      ".listen(0, '127.0.0.1', function () { console.log(`listening ${this.address().port}`); });\n",
  );
  const { proc, port } = await startApp({
    script: 'serve.js',
    cwd: app,
    nodeArgs: REQUIRE,
    env: appEnv(receiver.url, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
  });
  try {
    expect((await get(port, '/')).status).toBe(200);
    const spans = await receiver.waitForSpans(1);
    expect(spans[0].kindName).toBe('SERVER');
    const version = installed('@otelkit/node').peerDependencies![GRPC_EXPORTER];
    const target = `${receiver.url}/v1/traces (http/protobuf)`;
    const lines = otelkitLines(proc.stderr());
    expect(lines.filter((line) => line.includes('gRPC'))).toEqual([
      `@otelkit/node: OTLP/gRPC export needs ${GRPC_EXPORTER}: npm install ${GRPC_EXPORTER}@${version}; sending to ${target} instead`,
    ]);
    expect(lines[1]).toContain(`→ ${target};`);
  } finally {
    proc.kill('SIGKILL');
    await receiver.close();
  }
});
