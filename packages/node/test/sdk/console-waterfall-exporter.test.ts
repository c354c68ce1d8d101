import { ROOT_CONTEXT, trace, type Span, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConsoleWaterfallExporter } from '../../src/sdk/console-waterfall-exporter';

function setup(write: (text: string) => void) {
  const exporter = new ConsoleWaterfallExporter({
    write,
    width: 100,
    color: false,
    graceMillis: 5,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'shop',
      'deployment.environment.name': 'dev',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { exporter, provider, tracer: provider.getTracer('test') };
}

/** checkout → (charge → insert), render; the spans end children first, as they do in an app. */
function checkout(tracer: Tracer, endRoot = true): void {
  const under = (parent: Span) => trace.setSpan(ROOT_CONTEXT, parent);
  const root = tracer.startSpan('GET /checkout', { kind: 1 });
  const charge = tracer.startSpan('charge', { kind: 2 }, under(root));
  tracer.startSpan('INSERT payments', { kind: 2 }, under(charge)).end();
  charge.end();
  tracer.startSpan('render', {}, under(root)).end();
  if (endRoot) root.end();
}

const label = (line: string) => line.replace(/(?<=\S)\s{2,}.*$/, '');

describe('the console exporter', () => {
  test('prints the resource once, then one waterfall per trace, in one write each', async () => {
    const writes: string[] = [];
    const { provider, tracer } = setup((text) => writes.push(text));
    checkout(tracer);
    checkout(tracer);
    await provider.forceFlush();
    expect(writes).toHaveLength(2);
    const [first, second] = writes.map((text) => text.trimEnd().split('\n'));
    expect(first.slice(0, 3)).toEqual([
      'Resource of service "shop":',
      '  service.name: shop',
      '  deployment.environment.name: dev',
    ]);
    expect(second[0]).toMatch(/^Trace [0-9a-f]{32} · 4 span\(s\) · .* · shop$/);
    expect(second.slice(1).map(label)).toEqual([
      'GET /checkout [shop] SERVER',
      '  charge [shop] CLIENT',
      '    INSERT payments [shop] CLIENT',
      '  render [shop] INTERNAL',
    ]);
    expect(writes.every((text) => text.endsWith('\n\n'))).toBe(true);
  });

  test.each<[string, boolean, RegExp]>([
    ['a trace whose root ended prints with no note', true, /^Resource[^]*\nTrace /],
    [
      'a trace flushed before its root ended says it is partial',
      false,
      /\n\(partial trace: [^\n]*\)\nTrace /,
    ],
  ])('%s', async (_name, endRoot, expected) => {
    const writes: string[] = [];
    const { exporter, provider, tracer } = setup((text) => writes.push(text));
    checkout(tracer, endRoot);
    await (endRoot ? provider.forceFlush() : exporter.forceFlush());
    expect(writes.join('')).toMatch(expected);
    if (endRoot) expect(writes.join('')).not.toContain('partial');
  });

  test('prints a finished trace on its own after the grace', async () => {
    const writes: string[] = [];
    const { tracer } = setup((text) => writes.push(text));
    checkout(tracer);
    expect(writes).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes).toHaveLength(1);
  });

  test('never throws when the output fails', async () => {
    const { provider, tracer } = setup(() => {
      throw new Error('EPIPE');
    });
    expect(() => checkout(tracer)).not.toThrow();
    await expect(provider.forceFlush()).resolves.toBeUndefined();
    await expect(provider.shutdown()).resolves.toBeUndefined();
  });
});
