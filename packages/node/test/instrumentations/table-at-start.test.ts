import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Diagnostics, ResolvedConfig } from '../../src/internal-types';
import {
  makeInstrumentation,
  tableInstrumentationsAtStart,
} from '../../src/instrumentations/table-at-start';

const warnings: string[] = [];
const diag = { warn: (line: string) => warnings.push(line) } as unknown as Diagnostics;
const configWith = (enabled: string[], config: Record<string, Record<string, unknown>> = {}) =>
  ({ instrumentations: { enabled, config, extra: [] } }) as unknown as ResolvedConfig;

afterEach(() => (warnings.length = 0));

describe('inside a bundle, every enabled row of the table is made at start, once', () => {
  test.each([
    [
      ['http', 'fastify', 'postgres-js', 'prisma'],
      [
        '@opentelemetry/instrumentation-http',
        '@fastify/otel',
        '@otelkit/instrumentation-postgres-js',
        '@prisma/instrumentation',
      ],
    ],
    [
      ['http', 'prisma'],
      ['@opentelemetry/instrumentation-http', '@prisma/instrumentation'],
    ],
    [['postgres-js'], ['@otelkit/instrumentation-postgres-js']],
    [['pg', 'not-in-the-table'], ['@opentelemetry/instrumentation-pg']],
  ])('enabled %j → made %j', (enabled, names) => {
    const made = tableInstrumentationsAtStart(configWith(enabled), {}, diag);
    try {
      expect(made.map((i: Instrumentation) => i.instrumentationName)).toEqual(names);
      expect(warnings).toEqual([]);
    } finally {
      for (const instrumentation of made) instrumentation.disable();
    }
  });

  test('a row that cannot be made is one line, not a throw', () => {
    const made = tableInstrumentationsAtStart(
      configWith(['fastify'], { fastify: { instrumentHooks: 'not a list' } }),
      {},
      diag,
    );
    expect(made).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/^instrumentation fastify could not be loaded: /),
    ]);
  });
});

describe('makeInstrumentation: otelkit defaults, then the app options, then enabled', () => {
  test.each<[string, Record<string, Record<string, unknown>>, Record<string, unknown>]>([
    ['pino', {}, { disableLogSending: true, enabled: true }],
    ['pino', { pino: { disableLogSending: false } }, { disableLogSending: false, enabled: true }],
    ['pino', { pino: { enabled: false } }, { disableLogSending: true, enabled: true }],
    // Upstream's express takes the options written for otelkit's.
    [
      'express-upstream',
      { express: { ignoreLayersType: ['router'] } },
      { ignoreLayersType: ['router'], enabled: true },
    ],
  ])('%s with app options %j → options %j', (name, config, expected) => {
    const instrumentation = makeInstrumentation(name, configWith([name], config), {
      pino: { disableLogSending: true },
    });
    try {
      expect(instrumentation.getConfig()).toEqual(expect.objectContaining(expected));
    } finally {
      instrumentation.disable();
    }
  });
});
