import { createRequire } from 'node:module';
import { instrumentationTable } from '../../src/instrumentations/instrumentation-table';
import { untracedLibraries } from '../../src/instrumentations/untraced-libraries';
import { UntracedReport } from '../../src/diag/untraced-report';

const tracedLibraries = new Set(
  Object.values(instrumentationTable).flatMap((spec) => spec.modules),
);
const fromAuto = createRequire(require.resolve('@opentelemetry/auto-instrumentations-node'));

describe('the curated "not traced" list', () => {
  test.each(Object.keys(untracedLibraries))('%s has no instrumentation in otelkit', (library) => {
    expect(tracedLibraries.has(library)).toBe(false);
    // Nor an upstream one that auto-instrumentations-node carries under the library's name.
    const short = library.replace(/^@/, '').replace('/', '-');
    expect(() => fromAuto.resolve(`@opentelemetry/instrumentation-${short}`)).toThrow();
  });
});

describe('UntracedReport', () => {
  const lines: string[] = [];
  const report = new UntracedReport({ info: (line: string) => lines.push(line) > 0 });

  test.each<[string, string[], string[]]>([
    ['two in one go: one line naming both', ['nats', 'bullmq'], ['nats, bullmq']],
    ['one already named and one new: a line with the new one only', ['nats', 'hono'], ['hono']],
    ['only already named ones: no line', ['bullmq', 'hono', 'nats'], []],
  ])('%s', async (_what, loaded, expected) => {
    lines.length = 0;
    for (const library of loaded) report.add(library);
    expect(lines).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => /: ([^;]+); how to add one: /.exec(line)?.[1])).toEqual(expected);
  });

  test('list() has each library once, in load order', () => {
    expect(report.list()).toEqual(['nats', 'bullmq', 'hono']);
  });
});
