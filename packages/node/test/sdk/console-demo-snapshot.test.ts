import { ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConsoleWaterfallExporter } from '../../src/sdk/console-waterfall-exporter';

// The demo's trace (examples/microservices) as OTEL_TRACES_EXPORTER=console prints it, with fixed times so the bars are
// part of the snapshot: gateway → auth, payment (Prisma queries, the provider call), notification. One exporter sees
// every service here, so it also shows each service's resource printed once, before the trace.
const T0 = 1_800_000_000;
const at = (ms: number): [number, number] => [T0 + Math.floor(ms / 1000), (ms % 1000) * 1e6];

type Row = [
  service: string,
  name: string,
  kind: number,
  startMs: number,
  endMs: number,
  children?: Row[],
];

const DEMO: Row = [
  'gateway',
  'POST /pay',
  1,
  0,
  3000,
  [
    [
      'gateway',
      'POST',
      2,
      100,
      400,
      [['auth', 'POST /verify', 1, 120, 390, [['auth', 'request handler - /verify', 0, 150, 200]]]],
    ],
    [
      'gateway',
      'POST',
      2,
      450,
      2300,
      [
        [
          'payment',
          'POST /charge',
          1,
          470,
          2280,
          [
            [
              'payment',
              'request handler - /charge',
              0,
              500,
              2250,
              [
                [
                  'payment',
                  'prisma:client:operation',
                  0,
                  520,
                  900,
                  [['payment', 'prisma:client:db_query', 2, 800, 830]],
                ],
                ['payment', 'POST', 2, 950, 1200],
                [
                  'payment',
                  'prisma:client:operation',
                  0,
                  1300,
                  1700,
                  [['payment', 'prisma:client:db_query', 2, 1600, 1680]],
                ],
              ],
            ],
          ],
        ],
      ],
    ],
    [
      'gateway',
      'POST',
      2,
      2350,
      2800,
      [
        [
          'notification',
          'POST /notify',
          1,
          2370,
          2790,
          [['notification', 'request handler - /notify', 0, 2400, 2500]],
        ],
      ],
    ],
  ],
];

test("the demo's trace printed by the console exporter", async () => {
  const writes: string[] = [];
  const exporter = new ConsoleWaterfallExporter({
    write: (text) => writes.push(text),
    width: 120,
    color: false,
  });
  const tracers = new Map(
    ['gateway', 'auth', 'payment', 'notification'].map((service) => {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          'service.name': service,
          'deployment.environment.name': 'demo',
        }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      return [service, provider.getTracer('demo')];
    }),
  );
  // Children end before their parents, as in the services.
  const make = ([service, name, kind, startMs, endMs, children = []]: Row, parent?: Span) => {
    const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = tracers.get(service)!.startSpan(name, { kind, startTime: at(startMs) }, context);
    for (const child of children) make(child, span);
    span.end(at(endMs));
  };
  make(DEMO);
  await exporter.forceFlush();
  expect(writes).toHaveLength(1);
  expect(writes[0].replace(/[0-9a-f]{32}/, '<trace id>')).toMatchSnapshot();
});
