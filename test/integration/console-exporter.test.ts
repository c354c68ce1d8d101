// OTEL_TRACES_EXPORTER=console prints each trace as a waterfall (the resource once per service) on stdout;
// console-upstream keeps upstream's per-span objects. Both come after the span processors, so masking applies.
import * as path from 'node:path';
import { runFixture, type FixtureResult } from '@otelkit/testing';
import { fixturesDir, otelEnv, REQUIRE } from './support/app';

jest.setTimeout(60_000);

const run = (exporter: string, args: string[] = []) =>
  runFixture({
    script: 'console-trace.js',
    args,
    cwd: path.join(fixturesDir, 'node'),
    nodeArgs: REQUIRE,
    env: otelEnv('http://127.0.0.1:9', {
      OTEL_TRACES_EXPORTER: exporter,
      OTEL_SERVICE_NAME: 'orders',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=dev',
      // No host or process detectors: the resource, and so the snapshot, is the same on every machine.
      OTEL_NODE_RESOURCE_DETECTORS: 'env',
    }),
    timeoutMs: 40_000,
  });

const results: Record<string, FixtureResult> = {};
beforeAll(async () => {
  const [console, upstream, exit] = await Promise.all([
    run('console'),
    run('console-upstream'),
    run('console', ['exit']),
  ]);
  Object.assign(results, {
    console,
    'console-upstream': upstream,
    'console, process.exit()': exit,
  });
});

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe.each<[string, RegExp]>([
  ['console', /→ console \(a waterfall per trace on stdout\);/],
  ['console-upstream', /→ console-upstream \(upstream's span objects on stdout\);/],
])('OTEL_TRACES_EXPORTER=%s', (exporter, startLine) => {
  test('exits 0, and the start-up line names the console mode', () => {
    const { code, stdout, stderr } = results[exporter];
    if (code !== 0) throw new Error(`exited ${code}:\n${stdout}\n${stderr}`);
    expect(stderr).toMatch(startLine);
  });

  test('masking applies: the secret-named attribute never reaches stdout', () => {
    expect(results[exporter].stdout).toContain('SELECT orders');
    expect(results[exporter].stdout).not.toContain('hunter2');
  });
});

test('a process ending with process.exit() still prints its trace, and loses nothing', () => {
  const { code, stdout, stderr } = results['console, process.exit()'];
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Trace [0-9a-f]{32} · 4 span\(s\)/m);
  expect(stderr).not.toMatch(/dropped|not delivered/);
});

describe('the waterfall of OTEL_TRACES_EXPORTER=console', () => {
  const stdout = () => results.console.stdout;

  test('lists the spans in nesting order, indented by depth, under one trace header', () => {
    const lines = stdout().split('\n');
    const header = lines.findIndex((line) => line.startsWith('Trace '));
    expect(lines[header]).toMatch(/^Trace [0-9a-f]{32} · 4 span\(s\) · [\d.]+ ms · orders$/);
    expect(
      lines.slice(header + 1, header + 5).map((l) => l.replace(/(?<=\S)\s{2,}.*$/, '')),
    ).toEqual([
      'GET /orders/:id [orders] SERVER',
      '  load order [orders] INTERNAL',
      '    SELECT orders [orders] CLIENT',
      '  POST /notify [orders] CLIENT',
    ]);
  });

  test('prints the resource once, before the trace', () => {
    expect(count(stdout(), /^Resource of service "orders":$/gm)).toBe(1);
    expect(count(stdout(), /^ {2}deployment\.environment\.name: dev$/gm)).toBe(1);
    expect(stdout().indexOf('Resource of')).toBeLessThan(stdout().indexOf('Trace '));
  });

  test('matches the snapshot, with times and ids taken out', () => {
    const normalized = stdout()
      .replace(/[0-9a-f]{32}/g, '<trace id>')
      .replace(/\d+\.\d+ ms/g, 'N ms')
      .replace(/\|[█ ]+\|/g, '|bar|')
      .replace(/ +(?=N ms \|bar\|)/g, ' ')
      .replace(/^( {2}telemetry\.distro\.version): .*$/m, '$1: …');
    expect(normalized).toMatchSnapshot();
  });
});

describe('OTEL_TRACES_EXPORTER=console-upstream', () => {
  test("prints upstream's object per span, each with the whole resource", () => {
    const { stdout } = results['console-upstream'];
    expect(count(stdout, /^ {2}instrumentationScope: /gm)).toBe(4);
    expect(count(stdout, /'deployment\.environment\.name': 'dev'/g)).toBe(4);
    expect(stdout).toContain("'db.password': '[REDACTED]'");
    expect(stdout).not.toContain('Resource of service');
  });
});
